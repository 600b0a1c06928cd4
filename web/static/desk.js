// The desk's script: progressive enhancement only. Every page works without it; the CSP allows
// scripts from this app alone, and none inline.
"use strict";

// "Show password" buttons: hidden unless this script runs, since without it they could do nothing.
function enablePasswordReveal(root) {
  for (const button of root.querySelectorAll("button[data-reveals]")) {
    const input = document.getElementById(button.dataset.reveals);
    if (!input) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      const showing = input.type === "text";
      input.type = showing ? "password" : "text";
      button.setAttribute("aria-pressed", String(!showing));
      button.textContent = showing ? "Show password" : "Hide password";
    });
  }
}

document.addEventListener("DOMContentLoaded", () => enablePasswordReveal(document));
