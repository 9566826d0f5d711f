// The printable plan. The session token arrives in the URL fragment (never sent to a server), is kept for
// this tab only, and is then removed from the address bar.
import { api, apiJson, creditBar, downloadBlob, el, longDate, money } from "./api.js";

const main = document.querySelector("main");
const sessionId = main.dataset.sessionId;
const body = document.getElementById("plan-body");
const status = document.getElementById("plan-status");
const TOKEN_KEY = "advisor-plan-token:" + sessionId;

function takeToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  try {
    if (fromHash) sessionStorage.setItem(TOKEN_KEY, fromHash);
    if (fromHash) history.replaceState(null, "", location.pathname + location.search);
    return fromHash || sessionStorage.getItem(TOKEN_KEY);
  } catch (_) {
    return fromHash;
  }
}

const token = takeToken();

function table(headings, rows) {
  return el("table", {}, [
    el("thead", {}, [el("tr", {}, headings.map((h) => el("th", { scope: "col", text: h })))]),
    el("tbody", {}, rows),
  ]);
}

function courseRows(lines, withNotes) {
  return lines.map((line) =>
    el("tr", {}, [
      el("td", {}, [el("strong", { text: line.title }), withNotes && line.note ? el("div", { class: "why", text: line.note }) : null]),
      el("td", { text: line.level }),
      el("td", { text: line.credits === null ? "" : String(line.credits) }),
      el("td", { text: money(line.cost_gbp) }),
      el("td", {
        text: [line.hours_per_week ? line.hours_per_week + " h a week" : "", line.duration_weeks ? line.duration_weeks + " weeks" : "", line.mode]
          .filter(Boolean)
          .join(", "),
      }),
      el("td", { text: /^\d{4}-/.test(line.next_start) ? longDate(line.next_start) : line.next_start }),
    ])
  );
}

const HEADINGS = ["Course", "Level", "Credits", "Fee", "Study", "Next start"];

function render(plan) {
  document.getElementById("plan-title").textContent = plan.title;
  document.title = plan.title + ": " + plan.college;
  const parts = [el("p", { text: "Made on " + longDate(plan.created) + "." })];
  const route = plan.route;
  if (route) {
    parts.push(
      el("h2", { text: "Route to " + route.award_title }),
      creditBar(route.credits_counted, route.credits_required, "Credits towards " + route.award_title),
      el("p", {
        text:
          route.credits_counted + " of " + route.credits_required + " credits counted" +
          (route.complete ? ": complete." : ", " + route.credits_remaining + " to go."),
      })
    );
    if (route.counted.length) {
      parts.push(el("h3", { text: "Courses that count" }), el("ul", {}, route.counted.map((c) => el("li", { text: c.title + " (" + c.credits + " credits): " + c.note }))));
    }
    if (route.suggested.length) parts.push(el("h3", { text: "Courses that would finish it" }), table(HEADINGS, courseRows(route.suggested, false)));
    if (route.unmet.length) parts.push(el("h3", { text: "Still to do" }), el("ul", {}, route.unmet.map((u) => el("li", { text: u }))));
  }
  if (plan.courses.length) parts.push(el("h2", { text: "Courses you looked at" }), table(HEADINGS, courseRows(plan.courses, true)));
  if (plan.funding.length) {
    parts.push(
      el("h2", { text: "Help with fees" }),
      el(
        "ul",
        { class: "funding" },
        plan.funding.map((f) => el("li", {}, [el("strong", { text: f.status_label + ": " + f.name }), f.reason ? el("div", { class: "why", text: f.reason }) : null]))
      )
    );
  }
  if (plan.summary) parts.push(el("h2", { text: "A note for your advisor" }), el("p", { class: "summary", text: plan.summary }));
  if (plan.contact_url && /^https?:\/\//.test(plan.contact_url)) {
    parts.push(el("h2", { text: "Talk to an advisor" }), el("p", {}, [el("a", { href: plan.contact_url, text: plan.contact_url })]));
  }
  if (!route && !plan.courses.length && !plan.funding.length) {
    parts.push(el("p", { text: "There is nothing in this plan yet. Ask the advisor about courses first." }));
  }
  body.replaceChildren(...parts);
}

async function start() {
  document.getElementById("print-plan").addEventListener("click", () => window.print());
  document.getElementById("download-pdf").addEventListener("click", async () => {
    status.textContent = "Preparing your PDF\u2026";
    try {
      const response = await api("/api/sessions/" + encodeURIComponent(sessionId) + "/plan.pdf", { token });
      downloadBlob(await response.blob(), "learning-plan.pdf");
      status.textContent = "Your PDF has been downloaded.";
    } catch (error) {
      status.textContent = "Sorry, the PDF could not be made: " + error.message;
    }
  });
  if (!token) {
    body.replaceChildren(el("p", { class: "problem", text: "This link is missing its key. Open your plan again from the advisor chat." }));
    return;
  }
  try {
    render(await apiJson("/api/sessions/" + encodeURIComponent(sessionId) + "/plan", { token }));
  } catch (error) {
    body.replaceChildren(
      el("p", { class: "problem", text: error.status === 404 ? "This plan no longer exists. It may have been erased." : "Sorry, your plan could not be loaded: " + error.message })
    );
  }
}

start();
