// Employer view: staff roles and head counts in; courses per role, per-head and total fees, employer funding
// and flexible delivery options out. Uses the same engine as the chat: /api/match, /api/courses, /api/funding.
import { MODES, apiJson, el, fee, money, needText, nextStart, statusTag } from "./api.js";

const $ = (selector) => document.querySelector(selector);
const form = $("#team-form");
const WORDS = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, twenty: 20 };
let courses = new Map();
let lines = []; // {role, staff, options: [course ids], chosen}

/** "3 site supervisors, 10 electricians" -> [{role: "site supervisors", staff: 3}, ...]; bad parts reported. */
export function parseTeam(text) {
  const roles = [];
  const problems = [];
  for (const raw of text.split(/\n|,|;|\band\b/i)) {
    const part = raw.trim().replace(/\.$/, "");
    if (!part) continue;
    let match = part.match(/^(\d+|[a-z]+)\s*(?:x\s+|\u00d7\s*)?(.+)$/i);
    let count = match ? (/^\d+$/.test(match[1]) ? Number(match[1]) : WORDS[match[1].toLowerCase()]) : undefined;
    let role = match ? match[2] : "";
    if (!count) {
      match = part.match(/^(.+?)\s*[:x\u00d7]\s*(\d+)$/i);
      count = match ? Number(match[2]) : undefined;
      role = match ? match[1] : "";
    }
    if (count && count > 0 && count <= 10000 && role.trim()) roles.push({ role: role.trim(), staff: count });
    else problems.push(part);
  }
  return { roles, problems };
}

function employerFacts() {
  const facts = {};
  const value = (name) => form.elements[name].value.trim();
  if (value("nation")) facts.nation = value("nation");
  if (value("size")) facts.size = Number(value("size"));
  if (value("annual_paybill_gbp")) facts.annual_paybill_gbp = Number(value("annual_paybill_gbp"));
  if (value("sector")) facts.sector = value("sector");
  if (value("citb_registered")) facts.citb_registered = value("citb_registered") === "true";
  return facts;
}

function studyLimits() {
  const limits = {};
  const modes = Array.from(form.querySelectorAll('input[name="delivery_modes"]:checked')).map((box) => box.value);
  if (modes.length) limits.delivery_modes = modes;
  const hours = Number(form.elements.hours_per_week.value);
  if (hours) limits.hours_per_week = hours;
  return limits;
}

async function makePlan(event) {
  event.preventDefault();
  const error = $("#team-error");
  const { roles, problems } = parseTeam(form.elements.team.value);
  if (!roles.length || problems.length) {
    error.textContent = problems.length
      ? "I could not read: \u201c" + problems.join("\u201d, \u201c") + "\u201d. Write each role with a number, for example \u201c4 electricians\u201d."
      : "Enter at least one role with a number of staff, for example \u201c3 site supervisors\u201d.";
    error.hidden = false;
    form.elements.team.setAttribute("aria-invalid", "true");
    form.elements.team.focus();
    return;
  }
  error.hidden = true;
  form.elements.team.removeAttribute("aria-invalid");
  $("#team-status").textContent = "Working out a plan\u2026";
  const profile = { role: "employer", employer: employerFacts(), constraints: studyLimits() };
  try {
    lines = await Promise.all(
      roles.map(async ({ role, staff }) => {
        const answer = await apiJson("/api/match", { method: "POST", body: { message: role, profile, k: 3 } });
        const options = answer.results.map((r) => r.id).filter((id) => courses.has(id));
        return { role, staff, options, chosen: options[0] || null };
      })
    );
    await render();
    $("#team-result").focus();
  } catch (problem) {
    $("#team-status").textContent = "Sorry, the plan could not be made: " + problem.message;
  }
}

function courseChoice(line, index) {
  if (!line.options.length) return el("span", { text: "No matching course yet: ask our advice team." });
  const id = "choice-" + index;
  const select = el(
    "select",
    { id },
    line.options.map((courseId) => {
      const option = el("option", { value: courseId, text: courses.get(courseId).title });
      option.selected = courseId === line.chosen;
      return option;
    })
  );
  select.addEventListener("change", () => {
    line.chosen = select.value;
    render();
  });
  return el("div", { class: "team-course" }, [el("label", { for: id, class: "visually-hidden", text: "Course for " + line.role }), select]);
}

async function render() {
  const out = $("#team-output");
  let staffTotal = 0;
  let feesTotal = 0;
  const rows = lines.map((line, index) => {
    const course = line.chosen ? courses.get(line.chosen) : null;
    const fees = course ? course.cost_gbp * line.staff : 0;
    staffTotal += line.staff;
    feesTotal += fees;
    return el("tr", { "data-role": line.role }, [
      el("th", { scope: "row", text: line.role }),
      el("td", { class: "num", text: String(line.staff) }),
      el("td", {}, [courseChoice(line, index)]),
      el("td", {
        text: course
          ? (MODES[course.delivery_mode] || course.delivery_mode) + ", " + course.hours_per_week + " h a week, " + course.duration_weeks + " weeks; starts " + nextStart(course)
          : "",
      }),
      el("td", { class: "num per-head", text: course ? fee(course.cost_gbp) : "" }),
      el("td", { class: "num fees", text: course ? money(fees) : "" }),
    ]);
  });
  const table = el("div", { class: "table-wrap", role: "region", "aria-label": "Courses per role", tabindex: "0" }, [
    el("table", { class: "data", id: "team-table" }, [
      el("caption", { text: "Courses per role (fees before funding)" }),
      el("thead", {}, [el("tr", {}, ["Role", "Staff", "Course", "Study", "Per head", "Fees"].map((t) => el("th", { scope: "col", text: t })))]),
      el("tbody", {}, rows),
      el("tfoot", {}, [
        el("tr", {}, [
          el("th", { scope: "row", text: "Total" }),
          el("td", { class: "num", text: String(staffTotal) }),
          el("td", {}),
          el("td", {}),
          el("td", {}),
          el("td", { class: "num", id: "fees-total", text: money(feesTotal) }),
        ]),
      ]),
    ]),
  ]);
  const totals = el("div", { class: "totals" }, [
    el("p", { class: "total" }, [el("span", { text: "Staff to train" }), el("strong", { text: String(staffTotal) })]),
    el("p", { class: "total" }, [el("span", { text: "Total fees before funding" }), el("strong", { id: "total-fees", text: money(feesTotal) })]),
    el("p", { class: "total" }, [el("span", { text: "Average per head" }), el("strong", { text: staffTotal ? money(Math.round(feesTotal / staffTotal)) : "" })]),
  ]);
  out.replaceChildren(totals, table, el("h3", { text: "Employer funding" }), el("div", { id: "employer-funding" }, [el("p", { class: "status", text: "Checking\u2026" })]), flexibleDelivery());
  $("#team-status").textContent =
    "Plan for " + staffTotal + " staff in " + lines.length + (lines.length === 1 ? " role" : " roles") + ": " + money(feesTotal) + " in fees before funding.";
  await renderFunding();
}

function flexibleDelivery() {
  const items = lines
    .filter((line) => line.options.length)
    .map((line) => {
      const flexible = line.options
        .map((id) => courses.get(id))
        .filter((c) => c.delivery_mode !== "in_person")
        .map((c) => c.title + " (" + MODES[c.delivery_mode].toLowerCase() + ", " + c.hours_per_week + " h a week)");
      return el("li", {}, [
        el("strong", { text: line.role + ": " }),
        flexible.length ? flexible.join("; ") : "in person only among the closest matches; ask about block release or evening groups.",
      ]);
    });
  return el("section", { "aria-labelledby": "flex-h" }, [
    el("h3", { id: "flex-h", text: "Flexible delivery" }),
    el("p", { class: "hint", text: "Online and blended courses let staff study around shifts with less time off site." }),
    el("ul", {}, items),
  ]);
}

async function renderFunding() {
  const target = $("#employer-funding");
  const chosen = [...new Set(lines.map((l) => l.chosen).filter(Boolean))];
  if (!chosen.length) {
    target.replaceChildren(el("p", { class: "status", text: "No courses chosen yet." }));
    return;
  }
  try {
    const facts = employerFacts();
    const answers = await Promise.all(chosen.map((id) => apiJson("/api/funding", { method: "POST", body: { employer: facts, course_id: id } })));
    const schemes = new Map();
    answers.forEach((answer, i) => {
      for (const scheme of answer.schemes.filter((s) => s.for === "employer")) {
        const entry = schemes.get(scheme.scheme_id) || { scheme, eligible: [], unknown: [], reasons: [], needs: new Set() };
        if (scheme.status === "eligible") entry.eligible.push(courses.get(chosen[i]).title);
        if (scheme.status === "unknown") entry.unknown.push(courses.get(chosen[i]).title);
        if (!entry.reasons.length || scheme.status !== "not_eligible") entry.reasons = scheme.reasons;
        scheme.needs.forEach((n) => entry.needs.add(n));
        schemes.set(scheme.scheme_id, entry);
      }
    });
    const order = { eligible: 0, unknown: 1, not_eligible: 2 };
    const entries = [...schemes.values()].map((e) => ({ ...e, status: e.eligible.length ? "eligible" : e.unknown.length ? "unknown" : "not_eligible" }));
    entries.sort((a, b) => order[a.status] - order[b.status]);
    target.replaceChildren(
      el(
        "ul",
        { class: "checklist" },
        entries.map((e) =>
          el("li", { class: "status-" + e.status, "data-scheme-id": e.scheme.scheme_id }, [
            el("h4", {}, [statusTag(e.status), " ", el("span", { text: e.scheme.name })]),
            e.eligible.length ? el("p", { text: "Could help with: " + e.eligible.join(", ") + "." }) : null,
            e.status !== "eligible" && e.reasons[0] ? el("p", { text: e.reasons[0] }) : null,
            e.status === "unknown" && e.needs.size ? el("p", { text: "To check, tell us: " + [...e.needs].map(needText).join(", ") + "." }) : null,
            e.scheme.check_with_advisor && e.status !== "not_eligible" ? el("p", { class: "hint", text: e.scheme.check_with_advisor }) : null,
          ])
        )
      )
    );
  } catch (problem) {
    target.replaceChildren(el("p", { class: "error", text: "Could not check employer funding: " + problem.message }));
  }
}

async function start() {
  form.addEventListener("submit", makePlan);
  try {
    const listing = await apiJson("/api/courses");
    courses = new Map(listing.courses.map((c) => [c.id, c]));
    const sectors = [...new Set(listing.courses.map((c) => c.sector))].sort();
    $("#e-sector").append(...sectors.map((s) => el("option", { value: s, text: s.replace(/-/g, " ") })));
  } catch (problem) {
    $("#team-status").textContent = "Could not load the course list: " + problem.message;
  }
}

start();
