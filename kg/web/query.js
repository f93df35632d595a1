// The query page: run a canned question or a SPARQL query and show the answer as a table.
"use strict";
const results = document.getElementById("results");
const status = document.getElementById("status");
const namespace = document.querySelector(".queries").dataset.namespace;

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri" && namespace && term.value.startsWith(namespace) && !term.value.includes("#")) {
    const a = document.createElement("a");
    a.href = "/entity/" + encodeURIComponent(term.value.replace(/\/$/, "").split("/").pop());
    a.textContent = term.value.slice(namespace.length);
    td.appendChild(a);
  } else {
    td.textContent = term.value;
  }
  return td;
}

function showTable(data, next) {
  results.replaceChildren();
  if ("boolean" in data) {
    results.textContent = data.boolean ? "true" : "false";
    return;
  }
  const rows = data.results.bindings;
  const count = document.createElement("p");
  count.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const name of data.head.vars) tr.appendChild(cell(row[name]));
  }
  results.append(count, table);
  if (next) {  // a page of a longer answer: say so, and offer the next page
    count.textContent += ", and more follow: ";
    const more = document.createElement("a");
    more.href = next;
    more.textContent = "next page";
    more.addEventListener("click", async (event) => {
      event.preventDefault();
      status.textContent = "running…";
      show(await fetch(next, { headers: { "Accept": "application/sparql-results+json" } }));
    });
    count.appendChild(more);
  }
}

async function show(response) {
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = response.status + ": " + (await response.text());
    results.replaceChildren(p);
  } else if (type.includes("json") && !type.includes("ld+json")) {
    const next = /<([^>]*)>;\s*rel="next"/.exec(response.headers.get("link") || "");
    showTable(await response.json(), next && next[1]);
  } else {
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    results.replaceChildren(pre);
  }
  status.textContent = "";
}

document.getElementById("editor").addEventListener("submit", async (event) => {
  event.preventDefault();
  status.textContent = "running…";
  const body = new URLSearchParams({ query: document.getElementById("sparql").value });
  show(await fetch("/sparql", {
    method: "POST", body,
    headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
  }));
});

for (const form of document.querySelectorAll("form.canned")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "running " + form.dataset.query + "…";
    const params = new URLSearchParams(new FormData(form));
    show(await fetch("/query/" + form.dataset.query + "?" + params, {
      headers: { "Accept": "application/sparql-results+json" },
    }));
  });
}

for (const link of document.querySelectorAll("a.show")) {
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    const response = await fetch("/query/" + link.dataset.query + ".rq");
    document.getElementById("sparql").value = await response.text();
  });
}
