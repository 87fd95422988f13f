// cominer: small enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("toggle-removed");
  const spans = document.querySelectorAll("details.removed");
  if (toggle && spans.length) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const open = toggle.dataset.open !== "1";
      spans.forEach((d) => { d.open = open; });
      toggle.dataset.open = open ? "1" : "0";
      toggle.textContent = open ? "hide all removed" : "show all removed";
    });
  }
  const focus = document.querySelector("mark.fact.focus");
  if (focus && !location.hash) focus.scrollIntoView({ block: "center" });
});

// -- correction UI (serve --annotate): keyboard shortcuts, selection to offsets ------------
// Offsets are code points into the clean text, as the store counts them (JS strings count
// UTF-16 units, so characters outside the BMP are counted with Array.from).
function codePoints(text) { return Array.from(text).length; }

function cleanTextNodes(root) {
  // The text nodes of the clean text, in order: removed spans shown in place are not part of it.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("details.removed")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  return nodes;
}

function selectionOffsets(root) {
  // [start, end, text] of the current selection inside root, or null.
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  let pos = 0; let start = null; let end = null;
  for (const node of cleanTextNodes(root)) {
    const size = codePoints(node.data);
    if (node === range.startContainer) start = pos + codePoints(node.data.slice(0, range.startOffset));
    if (node === range.endContainer) end = pos + codePoints(node.data.slice(0, range.endOffset));
    pos += size;
  }
  if (start === null || end === null) {
    // The range ends on an element (a whole mark selected): fall back to its text.
    const text = range.toString();
    const whole = cleanTextNodes(root).map((n) => n.data).join("");
    const at = whole.indexOf(text);
    if (at < 0) return null;
    start = codePoints(whole.slice(0, at)); end = start + codePoints(text);
  }
  if (end <= start) return null;
  const whole = Array.from(cleanTextNodes(root).map((n) => n.data).join(""));
  return [start, end, whole.slice(start, end).join("")];
}

function filterLabels(typeSelect, labelSelect) {
  const type = typeSelect.value;
  let first = null;
  for (const option of labelSelect.options) {
    option.hidden = option.dataset.type !== type;
    if (!option.hidden && first === null) first = option;
  }
  if (labelSelect.selectedOptions[0]?.hidden && first) labelSelect.value = first.value;
}

document.addEventListener("DOMContentLoaded", () => {
  const help = document.getElementById("help");
  const helpButton = document.getElementById("help-button");
  if (helpButton && help) helpButton.addEventListener("click", () => { help.hidden = !help.hidden; });

  let lastSelection = null;
  const addForm = document.getElementById("add-fact");
  const docText = document.querySelector(".doc-text");
  if (addForm && docText) {
    const type = document.getElementById("add-type");
    const label = document.getElementById("add-label");
    type.addEventListener("change", () => filterLabels(type, label));
    filterLabels(type, label);
    document.addEventListener("selectionchange", () => {
      const found = selectionOffsets(docText);
      if (!found) return;  // a click elsewhere keeps the last selection for "s"
      lastSelection = found;
      document.getElementById("add-start").value = found[0];
      document.getElementById("add-end").value = found[1];
      document.getElementById("add-text").textContent = found[2];
    });
  }
  function resizeToSelection(form) {
    // Fill a fact's resize form with the selected text's offsets; Enter (or a click) saves.
    if (!lastSelection || !form) return;
    form.elements.start.value = lastSelection[0];
    form.elements.end.value = lastSelection[1];
    form.closest("details").open = true;
    form.querySelector("button[type=submit]").focus();
  }
  if (docText) {
    document.querySelectorAll("button.use-selection").forEach((b) => {
      b.hidden = false;
      b.addEventListener("click", () => resizeToSelection(b.form));
    });
  }

  const rows = Array.from(document.querySelectorAll("tr.fact-row"));
  const key = `cominer-row:${location.pathname}`;
  let current = -1;
  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => r.classList.toggle("selected", j === current));
    rows[current].scrollIntoView({ block: "nearest" });
    sessionStorage.setItem(key, String(current));
  }
  // Where a correction brought us back (#f<id>), select that fact; else the last position.
  const target = location.hash.match(/^#f(\d+)$/);
  const byHash = target ? rows.findIndex((r) => r.dataset.factId === target[1]) : -1;
  const saved = Number(sessionStorage.getItem(key));
  if (byHash >= 0) select(byHash);
  else if (rows.length && Number.isInteger(saved) && saved >= 0 && sessionStorage.getItem(key) !== null) select(saved);
  rows.forEach((r, j) => r.addEventListener("click", (e) => {
    if (!e.target.closest("form, details, a, select, input, button")) select(j);
  }));
  document.querySelectorAll(".doc-text mark[data-facts]").forEach((mark) => {
    mark.addEventListener("click", () => {
      const ids = mark.dataset.facts.split(" ");
      const i = rows.findIndex((r) => r.dataset.factId === ids[ids.length - 1]);
      if (i >= 0) select(i);
    });
  });

  function submit(action) {
    const row = rows[current];
    const form = row && row.querySelector(`form[data-action="${action}"]`);
    if (form) form.requestSubmit();
  }
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") { if (help) help.hidden = true; document.activeElement.blur(); return; }
    if (e.target.closest("input, select, textarea")) return;
    const row = rows[current];
    switch (e.key) {
      case "?": if (help) help.hidden = !help.hidden; break;
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "a": submit("accept"); break;
      case "r": submit("reject"); break;
      case "l": if (row) row.querySelector('form[data-action="relabel"] select')?.focus(); break;
      case "e": {
        const edit = row && row.querySelector('details[data-action="edit"]');
        if (edit) { edit.open = true; edit.querySelector("input:not([type=hidden])")?.focus(); }
        break;
      }
      case "o": row?.querySelector("a.doc-link, td.evidence a")?.click(); break;
      case "s": if (row) resizeToSelection(row.querySelector('form[data-action="resize"]')); break;
      case "n": if (addForm) { document.getElementById("add-type").focus(); addForm.scrollIntoView({ block: "center" }); } break;
      default: return;
    }
    e.preventDefault();
  });
  // Enter on a relabel choice saves it (a keyboard user never has to reach the button).
  document.querySelectorAll('form[data-action="relabel"] select').forEach((s) => {
    s.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); s.form.requestSubmit(); } });
  });
});
