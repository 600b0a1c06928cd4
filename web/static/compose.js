// Live checks on the compose form: about 250 ms after the last keystroke, the form's words go to
// POST /posts/check (the CSRF token in an X-CSRF-Token header) and what the checks found is shown
// under the text: the words with each finding marked and numbered, and the list of findings with
// the reason and a suggested rewrite, announced politely to screen readers when it changes.
// Progressive enhancement: without this script the form still saves, and the post's page shows the
// findings. Everything is built with DOM calls and text nodes: nothing typed is ever parsed as HTML.
"use strict";

(() => {
  const WAIT_MS = 250;
  const SEVERITY_WORDS = { block: "Blocks approval", warn: "Warning", info: "Note" };

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  // The words of one platform with each finding marked: cut at every start and end (counted in
  // characters as the server counts them, so an emoji is one), each run marked with the worst
  // finding over it, and a finding's number after its last character.
  function markedWords(text, findings) {
    const chars = Array.from(text);
    const rank = { block: 0, warn: 1, info: 2 };
    const clamp = (n) => Math.min(Math.max(n, 0), chars.length);
    const cuts = new Set([0, chars.length]);
    for (const f of findings) {
      cuts.add(clamp(f.start));
      cuts.add(clamp(f.end));
    }
    const sorted = Array.from(cuts).sort((a, b) => a - b);
    const paragraph = element("p", "post-words");
    for (let i = 0; i + 1 < sorted.length; i += 1) {
      const left = sorted[i];
      const right = sorted[i + 1];
      const run = chars.slice(left, right).join("");
      const over = findings.filter((f) => clamp(f.start) <= left && right <= clamp(f.end) && f.start < f.end);
      if (over.length) {
        const worst = over.reduce((a, b) => (rank[b.severity] < rank[a.severity] ? b : a));
        paragraph.append(element("mark", `finding-${worst.severity}`, run));
      } else {
        paragraph.append(document.createTextNode(run));
      }
      for (const f of findings) {
        if (clamp(f.end) === right) paragraph.append(element("sup", "finding-number", `[${f.number}]`));
      }
    }
    return paragraph;
  }

  function findingList(platform) {
    const list = element("ol", "findings");
    for (const f of platform.findings) {
      const item = element("li", `finding finding-${f.severity}`);
      item.append(element("strong", "", SEVERITY_WORDS[f.severity] || f.severity));
      item.append(document.createTextNode(f.words ? `: “${f.words}”. ${f.reason} ` : `. ${f.reason} `));
      if (f.rewrite) {
        item.append(document.createElement("br"));
        item.append(element("span", "rewrite", `Suggested: ${f.rewrite}`));
        item.append(document.createTextNode(" "));
      }
      item.append(element("span", "hint", `(${f.rule})`));
      list.append(item);
    }
    return list;
  }

  function summary(platforms) {
    const all = platforms.flatMap((p) => p.findings);
    if (!all.length) return "The checks found nothing.";
    const blocks = all.filter((f) => f.severity === "block").length;
    const parts = [`${all.length} finding${all.length === 1 ? "" : "s"}`];
    if (blocks) parts.push(`${blocks} block${blocks === 1 ? "s" : ""} approval`);
    return `${parts.join(": ")}.`;
  }

  function start(form) {
    const section = document.getElementById("live-checks");
    const wordsArea = document.getElementById("live-checks-words");
    const foundArea = document.getElementById("live-checks-found");
    const tokenField = form.querySelector('input[name="csrf_token"]');
    if (!section || !wordsArea || !foundArea || !tokenField) return;
    let timer = 0;
    let sent = "";
    let shown = "";
    let pending = null;

    function payload() {
      const texts = {};
      for (const area of form.querySelectorAll("textarea[data-platform]")) texts[area.dataset.platform] = area.value;
      const ticked = form.querySelectorAll('input[name="account"]:checked');
      return {
        text: form.elements.text.value,
        texts,
        accounts: Array.from(ticked, (box) => box.value),
        thread: Boolean(form.elements.thread && form.elements.thread.checked),
      };
    }

    function show(answer) {
      const platforms = answer.platforms || [];
      wordsArea.replaceChildren();
      for (const platform of platforms) {
        if (platforms.length > 1) wordsArea.append(element("h3", "", platform.name));
        wordsArea.append(markedWords(platform.text, platform.findings));
      }
      // The live region changes only when the findings do, so a screen reader is not read the same
      // list after every keystroke.
      const found = JSON.stringify(platforms.map((p) => [p.platform, p.findings]));
      if (found === shown) return;
      shown = found;
      const content = [element("p", "live-summary", summary(platforms))];
      for (const platform of platforms) {
        if (!platform.findings.length) continue;
        if (platforms.length > 1) content.push(element("h3", "", `${platform.name}: findings`));
        content.push(findingList(platform));
      }
      foundArea.replaceChildren(...content);
    }

    function unavailable() {
      shown = "";
      foundArea.replaceChildren(
        element("p", "live-summary", "The checks could not run just now; they run again when you save."),
      );
    }

    async function check() {
      const body = JSON.stringify(payload());
      if (body === sent) return;
      sent = body;
      if (pending) pending.abort();
      pending = new AbortController();
      try {
        const response = await fetch(form.dataset.checks, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": tokenField.value },
          body,
          signal: pending.signal,
        });
        if (!response.ok) {
          sent = "";
          unavailable();
          return;
        }
        show(await response.json());
      } catch (error) {
        if (error.name !== "AbortError") {
          sent = "";
          unavailable();
        }
      }
    }

    function soon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, WAIT_MS);
    }

    section.hidden = false;
    form.addEventListener("input", soon);
    form.addEventListener("change", soon);
    if (form.elements.text.value.trim()) soon();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-checks]");
    if (form) start(form);
  });
})();
