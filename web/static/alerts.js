// Live alerts: new and changed alerts appear on /alerts without reloading. Plain polling: every few
// seconds the page asks /alerts/latest what changed since its marker (a cheap 204 when nothing did)
// and places the server's own escaped cards. No public text is ever put in as markup by this script:
// the cards are parsed as an inert document (scripts in it never run) and moved in, and what is read
// back out of them for the announcements is read as text.
"use strict";

const SIGNED_OUT = "You have been signed out, so the list has stopped updating: reload the page to sign in again.";
const UNREACHABLE = "The desk could not be reached; trying again.";
const BEHIND = "Many alerts changed while this page was away: reload the page to see them all.";

function startLiveAlerts() {
  const list = document.getElementById("alert-list");
  if (!list) return;
  const every = Number(list.dataset.every || 5) * 1000;
  const checked = document.getElementById("alerts-checked");
  const pending = new Map(); // cards someone is typing in: replaced once they are done
  let marker = list.dataset.marker;
  let timer = null;
  let asking = false;
  let stopped = false;

  document.getElementById("alerts-reload").hidden = true;
  document.getElementById("alerts-live").hidden = false;

  function say(text, urgent) {
    const region = document.getElementById(urgent ? "alerts-announce-urgent" : "alerts-announce");
    region.textContent = text;
  }

  function busy(card) {
    return card.contains(document.activeElement) || [...card.querySelectorAll("textarea")].some((f) => f.value);
  }

  // The open alerts keep the server's order: the most severe first, then the most recently changed.
  function comesBefore(card, other) {
    const rank = Number(card.dataset.rank) - Number(other.dataset.rank);
    return rank > 0 || (rank === 0 && Number(card.dataset.updated) >= Number(other.dataset.updated));
  }

  function place(card) {
    const next = [...list.children].find((other) => comesBefore(card, other));
    list.insertBefore(card, next || null);
  }

  function apply(card) {
    const existing = document.getElementById(card.id);
    if (existing && busy(existing)) {
      pending.set(card.id, card);
      return;
    }
    pending.delete(card.id);
    if (existing) existing.remove();
    if (card.dataset.state === "resolved") return;
    place(card);
    if (!existing) {
      const title = card.querySelector("h2").textContent.replace(/\s+/g, " ").trim();
      say(`New alert: ${title}`, card.dataset.severity === "critical");
    }
  }

  function recount() {
    const open = list.children.length;
    const count = document.getElementById("alerts-count");
    count.textContent = `${open} open, the most urgent first.`;
    count.hidden = open === 0;
    document.getElementById("alerts-none").hidden = open !== 0;
  }

  function take(html) {
    const answer = new DOMParser().parseFromString(html, "text/html").querySelector("[data-marker]");
    if (!answer) return;
    marker = answer.dataset.marker;
    for (const card of answer.querySelectorAll("article[data-alert-id]")) {
      apply(document.adoptNode(card));
    }
    if (answer.dataset.behind === "yes") say(BEHIND, false);
  }

  function stop(message) {
    stopped = true;
    clearTimeout(timer);
    timer = null;
    say(message, false);
    document.getElementById("alerts-reload").hidden = false;
    document.getElementById("alerts-live").hidden = true;
  }

  async function poll() {
    timer = null;
    if (stopped || asking || document.hidden) return; // a hidden tab is polled again when it is shown
    asking = true;
    for (const card of [...pending.values()]) apply(card);
    try {
      const response = await fetch(`/alerts/latest?after=${encodeURIComponent(marker)}`, {
        credentials: "same-origin",
        redirect: "manual", // signed out: the desk would send us to the sign-in page
        headers: { Accept: "text/html" },
      });
      if (response.type === "opaqueredirect" || response.status === 403) {
        stop(SIGNED_OUT);
        return;
      }
      if (response.status === 200) take(await response.text());
      if (response.ok) {
        recount();
        checked.textContent = `Last checked ${new Date().toLocaleTimeString("en-GB")}.`;
      } else {
        checked.textContent = UNREACHABLE;
      }
    } catch {
      checked.textContent = UNREACHABLE;
    } finally {
      asking = false;
    }
    schedule();
  }

  function schedule() {
    if (!stopped && timer === null) timer = setTimeout(poll, every);
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && timer === null) poll();
  });
  schedule();
}

document.addEventListener("DOMContentLoaded", startLiveAlerts);
