// Advisor desk: the conversation (the widget, inline) beside an editable profile, every matching course with
// filters, a what-if route planner, the funding checklist with sources, notes, and a PDF export.
import {
  MODES,
  api,
  apiJson,
  creditBar,
  debounce,
  downloadBlob,
  el,
  fee,
  longDate,
  money,
  needText,
  nextStart,
  safeUrl,
  statusTag,
} from "./api.js";

const $ = (selector) => document.querySelector(selector);

// Signing out ends the desk's cookie session; the login page is where the desk guard sends people back to.
$("#sign-out")?.addEventListener("click", async () => {
  try {
    await api("/api/auth/logout", { method: "POST" });
  } finally {
    sessionStorage.removeItem("advisor-staff-key");
    location.assign("/advisor/login");
  }
});
const state = {
  courses: [],
  byId: new Map(),
  awards: [],
  session: null, // {id, token} of the conversation beside the desk
  sessionProfile: {},
  done: [],
  planned: [],
  lastPlan: null,
};

// ---- tabs ----------------------------------------------------------------------------------

function setupTabs() {
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
      if (!(event.key in moves)) return;
      event.preventDefault();
      select(tabs[(index + moves[event.key] + tabs.length) % tabs.length], true);
    });
  });
  return (id) => select(document.getElementById(id), false);
}

// ---- profile -------------------------------------------------------------------------------

const NUMBER_FIELDS = ["age", "uk_resident_years", "annual_income_gbp", "highest_level"];
const BOOL_FIELDS = ["has_degree", "benefits"];
const profileForm = $("#profile-form");

function learnerFacts() {
  const facts = {};
  for (const name of [...NUMBER_FIELDS, "nation", "employment_status", ...BOOL_FIELDS]) {
    const value = profileForm.elements[name].value;
    if (value === "") continue;
    if (NUMBER_FIELDS.includes(name)) facts[name] = Number(value);
    else if (BOOL_FIELDS.includes(name)) facts[name] = value === "true";
    else facts[name] = value;
  }
  return facts;
}

function constraints() {
  const out = {};
  const hours = profileForm.elements.hours_per_week.value;
  const budget = profileForm.elements.budget_gbp.value;
  const modes = Array.from(profileForm.querySelectorAll('input[name="delivery_modes"]:checked')).map((box) => box.value);
  if (hours) out.hours_per_week = Number(hours);
  if (budget) out.budget_gbp = Number(budget);
  if (modes.length) out.delivery_modes = modes;
  return out;
}

function matchProfile() {
  const extra = {};
  for (const key of ["sectors", "goals", "skills", "years_experience", "target_level"]) {
    const value = state.sessionProfile[key];
    if (value !== null && value !== undefined && !(Array.isArray(value) && !value.length)) extra[key] = value;
  }
  const occupation = profileForm.elements.occupation.value.trim();
  return { ...extra, ...(occupation ? { occupation } : {}), learner: learnerFacts(), constraints: constraints() };
}

function fillProfile(profile) {
  state.sessionProfile = profile || {};
  const learner = (profile && profile.learner) || {};
  const limits = (profile && profile.constraints) || {};
  const set = (name, value) => {
    if (value === null || value === undefined) return;
    profileForm.elements[name].value = String(value);
  };
  set("occupation", profile && profile.occupation);
  for (const name of [...NUMBER_FIELDS, "nation", "employment_status", ...BOOL_FIELDS]) set(name, learner[name]);
  set("hours_per_week", limits.hours_per_week);
  set("budget_gbp", limits.budget_gbp);
  if (Array.isArray(limits.delivery_modes)) {
    for (const box of profileForm.querySelectorAll('input[name="delivery_modes"]')) box.checked = limits.delivery_modes.includes(box.value);
  }
  if (limits.hours_per_week && !$("#r-hours").value) $("#r-hours").value = String(limits.hours_per_week);
}

async function syncFromConversation(detail) {
  if (!detail || !detail.session_id || !detail.token) return;
  state.session = { id: detail.session_id, token: detail.token };
  try {
    const session = await apiJson("/api/sessions/" + encodeURIComponent(detail.session_id), { token: detail.token });
    fillProfile(session.profile);
    $("#profile-status").textContent = "Profile updated from the conversation.";
    loadNotes();
    const route = detail.answer && detail.answer.route;
    if (route && !$("#r-award").value) {
      $("#r-award").value = route.award_id;
    }
    refreshAll();
  } catch (error) {
    $("#profile-status").textContent = "Could not read the conversation's profile: " + error.message;
  }
}

// ---- courses -------------------------------------------------------------------------------

const filters = $("#course-filters");

async function loadCourses() {
  const params = new URLSearchParams();
  for (const name of ["q", "level", "sector", "mode", "max_cost"]) {
    const value = filters.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  const status = $("#course-count");
  try {
    const listing = await apiJson("/api/courses?" + params.toString());
    let courses = listing.courses;
    const maxHours = Number(filters.elements.max_hours.value);
    if (maxHours) courses = courses.filter((c) => c.hours_per_week <= maxHours);
    let why = new Map();
    if (filters.elements.rank.checked) {
      const profile = matchProfile();
      const message = [profile.occupation || "", ...(profile.goals || [])].join(". ").trim();
      if (!message) {
        status.textContent = "Add the learner's job or goals to rank courses for them.";
      } else {
        const ranked = await apiJson("/api/match", { method: "POST", body: { message, profile, k: 50 } });
        const order = new Map(ranked.results.map((r, i) => [r.id, i]));
        why = new Map(ranked.results.map((r) => [r.id, r.why]));
        courses = courses.filter((c) => order.has(c.id)).sort((a, b) => order.get(a.id) - order.get(b.id));
      }
    }
    renderCourses(courses, why);
    if (!filters.elements.rank.checked || why.size) {
      status.textContent = courses.length === 1 ? "1 course matches." : courses.length + " courses match.";
    }
  } catch (error) {
    status.textContent = "Could not load courses: " + error.message;
  }
}

function renderCourses(courses, why) {
  const body = $("#course-table tbody");
  body.replaceChildren(
    ...courses.map((course) => {
      const url = safeUrl(course.url);
      const title = url ? el("a", { href: url, target: "_blank", rel: "noopener", text: course.title }) : el("span", { text: course.title });
      const reason = why.get(course.id);
      return el("tr", { "data-course-id": course.id }, [
        el("td", {}, [title, el("span", { class: "course-id", text: reason || course.id })]),
        el("td", { text: course.level + " " + course.level_framework }),
        el("td", { class: "num", text: String(course.credits) }),
        el("td", { class: "num", text: String(course.hours_per_week) }),
        el("td", { class: "num", text: String(course.duration_weeks) }),
        el("td", { class: "num", text: fee(course.cost_gbp) }),
        el("td", { text: MODES[course.delivery_mode] || course.delivery_mode }),
        el("td", { text: nextStart(course) }),
        el("td", {}, [
          el("div", { class: "row-actions" }, [
            actionButton("Done", "Add " + course.title + " to the route as done", () => addCourse(course.id, "done")),
            actionButton("Plan", "Add " + course.title + " to the route as planned", () => addCourse(course.id, "planned")),
          ]),
        ]),
      ]);
    })
  );
}

function actionButton(text, label, onClick) {
  const button = el("button", { type: "button", class: "button button-secondary button-small", "aria-label": label, text });
  button.addEventListener("click", onClick);
  return button;
}

// ---- route planner -------------------------------------------------------------------------

function addCourse(id, where) {
  if (!id || !state.byId.has(id)) return;
  state.done = state.done.filter((c) => c !== id);
  state.planned = state.planned.filter((c) => c !== id);
  state[where].push(id);
  renderRouteLists();
  $("#pdf-status").textContent = state.byId.get(id).title + " added as " + where + ".";
  recalcRoute();
}

function removeCourse(id) {
  state.done = state.done.filter((c) => c !== id);
  state.planned = state.planned.filter((c) => c !== id);
  renderRouteLists();
  recalcRoute();
}

function renderRouteLists() {
  for (const where of ["done", "planned"]) {
    const list = $("#r-" + where);
    const items = state[where].map((id) => {
      const title = state.byId.get(id).title;
      const other = where === "done" ? "planned" : "done";
      return el("li", {}, [
        el("span", { text: title }),
        el("span", { class: "row-actions" }, [
          actionButton(where === "done" ? "Move to planned" : "Mark done", "Move " + title + " to " + other, () => addCourse(id, other)),
          actionButton("Remove", "Remove " + title + " from the route", () => removeCourse(id)),
        ]),
      ]);
    });
    list.replaceChildren(...(items.length ? items : [el("li", { class: "empty", text: "None yet" })]));
  }
}

function planBody() {
  const form = $("#route-form");
  const body = {
    award_id: form.elements.award_id.value,
    done: state.done,
    planned: state.planned,
    rpl_credits: Number(form.elements.rpl_credits.value) || 0,
    objective: form.elements.objective.value,
  };
  const hours = Number(form.elements.hours_per_week.value || profileForm.elements.hours_per_week.value);
  if (hours) body.hours_per_week = hours;
  const facts = learnerFacts();
  if (Object.keys(facts).length) body.learner = facts;
  const limits = constraints();
  if (limits.delivery_modes) body.delivery_modes = limits.delivery_modes;
  if (limits.budget_gbp !== undefined) body.budget_gbp = limits.budget_gbp;
  return body;
}

async function recalcRoute() {
  const out = $("#route-result");
  const body = planBody();
  if (!body.award_id) {
    out.replaceChildren(el("p", { class: "status", text: "Choose an award to see the route." }));
    state.lastPlan = null;
    return;
  }
  try {
    const plan = await apiJson("/api/plan", { method: "POST", body });
    state.lastPlan = plan;
    out.replaceChildren(renderPlan(plan));
  } catch (error) {
    state.lastPlan = null;
    out.replaceChildren(el("p", { class: "error", text: "Could not plan this route: " + error.message }));
  }
}

function courseTitle(id) {
  const course = state.byId.get(id);
  return course ? course.title : id;
}

function renderPlan(plan) {
  const parts = [
    el("h3", { text: plan.award_title }),
    creditBar(plan.credits_counted, plan.credits_required, "Credits counted towards " + plan.award_title),
    el("p", {
      class: "credit-summary",
      id: "credits-counted",
      text:
        plan.credits_counted + " of " + plan.credits_required + " credits counted" +
        (plan.complete ? " \u00b7 complete" : " \u00b7 " + plan.credits_remaining + " to go") +
        (plan.rpl_credits_used ? " (including " + plan.rpl_credits_used + " RPL, most allowed " + plan.rpl_credits_cap + ")" : ""),
    }),
  ];
  if ((plan.placements || []).length) {
    parts.push(
      el("div", { class: "table-wrap", role: "region", "aria-label": "How each course counts", tabindex: "0" }, [
        el("table", { class: "data", id: "placements" }, [
          el("caption", { text: "How each course counts" }),
          el("thead", {}, [el("tr", {}, ["Course", "Credits", "Counts", "How"].map((t) => el("th", { scope: "col", text: t })))]),
          el(
            "tbody",
            {},
            plan.placements.map((p) =>
              el("tr", {}, [
                el("th", { scope: "row", text: p.title }),
                el("td", { class: "num", text: String(p.credits) }),
                el("td", {}, [el("span", { class: "tag " + (p.counted ? "tag-ok" : "tag-no"), text: p.counted ? "Yes" : "No" })]),
                el("td", { text: p.explanation }),
              ])
            )
          ),
        ]),
      ])
    );
  }
  if ((plan.unmet || []).length) {
    parts.push(el("h4", { text: "Still needed" }), el("ul", { class: "unmet", id: "unmet" }, plan.unmet.map((u) => el("li", { text: u }))));
  }
  if ((plan.suggested || []).length) {
    parts.push(
      el("h4", { text: "Suggested to finish (" + plan.objective + ")" }),
      el(
        "ul",
        { class: "chips-list", id: "suggested" },
        plan.suggested.map((id) =>
          el("li", {}, [
            el("span", { text: courseTitle(id) + (state.byId.get(id) ? " \u00b7 " + state.byId.get(id).credits + " credits, " + money(state.byId.get(id).cost_gbp) : "") }),
            actionButton("Add as planned", "Add " + courseTitle(id) + " as planned", () => addCourse(id, "planned")),
          ])
        )
      )
    );
  }
  const facts = [];
  if (plan.weeks_to_finish) facts.push("about " + plan.weeks_to_finish + " weeks to finish");
  if (plan.cost_gbp) facts.push(money(plan.cost_gbp) + " still to pay in fees");
  if (plan.cost_after_funding_gbp !== null && plan.cost_after_funding_gbp !== undefined) facts.push(money(plan.cost_after_funding_gbp) + " after funding");
  if (facts.length) parts.push(el("p", { text: facts.join(" \u00b7 ") + "." }));
  for (const reason of plan.reasons || []) parts.push(el("p", { class: "hint", text: reason }));
  return el("div", { class: "result-block" }, parts);
}

async function exportPdf() {
  const status = $("#pdf-status");
  const body = planBody();
  if (!body.award_id) {
    status.textContent = "Choose an award first.";
    return;
  }
  status.textContent = "Making the PDF\u2026";
  try {
    const notes = $("#notes").value.trim();
    const response = await api("/api/plan.pdf", { method: "POST", body: notes ? { ...body, notes } : body });
    downloadBlob(await response.blob(), "plan-" + body.award_id + ".pdf");
    status.textContent = "PDF downloaded.";
  } catch (error) {
    status.textContent = "Could not make the PDF: " + error.message;
  }
}

// ---- funding -------------------------------------------------------------------------------

async function loadFunding() {
  const course = $("#fund-course").value;
  const withEmployer = $("#fund-employer").checked;
  const list = $("#funding-list");
  try {
    const answer = await apiJson("/api/funding", {
      method: "POST",
      body: { learner: learnerFacts(), ...(course ? { course_id: course } : {}) },
    });
    const schemes = answer.schemes.filter((s) => withEmployer || s.for !== "employer");
    const order = { eligible: 0, unknown: 1, not_eligible: 2 };
    schemes.sort((a, b) => order[a.status] - order[b.status]);
    list.replaceChildren(...schemes.map(fundingItem));
    const count = (status) => schemes.filter((s) => s.status === status).length;
    $("#funding-count").textContent =
      count("eligible") + " eligible, " + count("unknown") + " need more facts, " + count("not_eligible") + " not eligible.";
  } catch (error) {
    $("#funding-count").textContent = "Could not check funding: " + error.message;
  }
}

function fundingItem(scheme) {
  const source = safeUrl(scheme.source_url);
  return el("li", { class: "status-" + scheme.status, "data-scheme-id": scheme.scheme_id }, [
    el("h3", {}, [statusTag(scheme.status), el("span", { text: scheme.name }), scheme.for === "employer" ? el("span", { class: "tag tag-plain", text: "Employer" }) : null]),
    scheme.amount_gbp ? el("p", { text: "Could cover " + money(scheme.amount_gbp) + "." }) : null,
    (scheme.reasons || []).length ? el("ul", {}, scheme.reasons.map((r) => el("li", { text: r }))) : null,
    (scheme.needs || []).length ? el("p", { text: "To decide, ask about: " + scheme.needs.map(needText).join(", ") + "." }) : null,
    scheme.check_with_advisor ? el("p", { text: "Check: " + scheme.check_with_advisor }) : null,
    el("p", { class: "source" }, [
      source ? el("a", { href: source, target: "_blank", rel: "noopener", text: "Source: " + new URL(source).hostname }) : "No source listed",
      scheme.last_verified ? " \u00b7 last checked " + longDate(scheme.last_verified) : "",
    ]),
  ]);
}

// ---- notes ---------------------------------------------------------------------------------

function notesKey() {
  return "advisor-desk:notes:" + (state.session ? state.session.id : "draft");
}

function loadNotes() {
  try {
    $("#notes").value = localStorage.getItem(notesKey()) || "";
  } catch (_) {
    /* storage disabled */
  }
}

const saveNotes = debounce(() => {
  try {
    localStorage.setItem(notesKey(), $("#notes").value);
    $("#notes-status").textContent = "Notes saved in this browser.";
  } catch (_) {
    $("#notes-status").textContent = "Notes could not be saved in this browser.";
  }
}, 400);

// ---- start ---------------------------------------------------------------------------------

const refreshAll = debounce(() => {
  loadCourses();
  recalcRoute();
  loadFunding();
}, 250);

async function start() {
  // Listen first: the widget may finish restoring the conversation while the catalogue is loading.
  document.addEventListener("advisor:answer", (event) => syncFromConversation(event.detail));
  document.addEventListener("advisor:restored", (event) => syncFromConversation(event.detail));
  document.addEventListener("advisor:new", () => {
    state.session = null;
    loadNotes();
  });
  setupTabs();
  renderRouteLists();
  try {
    const [courses, awards] = await Promise.all([apiJson("/api/courses"), apiJson("/api/awards")]);
    state.courses = courses.courses.slice().sort((a, b) => a.title.localeCompare(b.title));
    state.byId = new Map(state.courses.map((c) => [c.id, c]));
    state.awards = awards.awards;
    const sectors = [...new Set(state.courses.map((c) => c.sector))].sort();
    $("#f-sector").append(...sectors.map((s) => el("option", { value: s, text: s.replace(/-/g, " ") })));
    const courseOptions = () => state.courses.map((c) => el("option", { value: c.id, text: c.title + " (L" + c.level + " " + c.level_framework + ", " + c.credits + " credits)" }));
    $("#r-course").append(...courseOptions());
    $("#fund-course").append(...courseOptions());
    $("#r-award").append(
      ...state.awards
        .slice()
        .sort((a, b) => a.title.localeCompare(b.title))
        .map((a) => el("option", { value: a.id, text: a.title + " (level " + a.level + " " + a.level_framework + ", " + a.credits + " credits)" }))
    );
  } catch (error) {
    $("#course-count").textContent = "Could not load the catalogue: " + error.message;
  }
  filters.addEventListener("input", debounce(loadCourses, 300));
  filters.addEventListener("submit", (event) => event.preventDefault());
  profileForm.addEventListener("input", () => {
    $("#profile-status").textContent = "";
    refreshAll();
  });
  profileForm.addEventListener("submit", (event) => event.preventDefault());
  $("#route-form").addEventListener("input", debounce(recalcRoute, 250));
  $("#route-form").addEventListener("submit", (event) => event.preventDefault());
  $("#r-add-done").addEventListener("click", () => addCourse($("#r-course").value, "done"));
  $("#r-add-planned").addEventListener("click", () => addCourse($("#r-course").value, "planned"));
  $("#r-pdf").addEventListener("click", exportPdf);
  $("#funding-form").addEventListener("input", loadFunding);
  $("#notes").addEventListener("input", saveNotes);
  loadNotes();
  loadCourses();
  recalcRoute();
  loadFunding();
}

start();
