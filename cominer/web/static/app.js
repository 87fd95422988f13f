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
