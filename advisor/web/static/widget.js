/*
 * Careers advisor widget: one <script> tag puts a chat launcher on any page.
 *
 *   <script src="https://ADVISOR/static/widget.js" data-advisor-url="https://ADVISOR" defer></script>
 *
 * Options (data- attributes on the script tag):
 *   data-advisor-url   where the advisor API lives (default: where this script came from)
 *   data-role          learner (default) | employer | advisor
 *   data-mode          launcher (default: a button that opens a dialog) | inline (a panel inside data-target)
 *   data-target        CSS selector of the element to fill in inline mode
 *   data-college       college name shown under the title
 *   data-privacy-url   link to the college's privacy notice (http or https only; default: the advisor's /privacy)
 *
 * Rules kept here on purpose: every piece of text from the learner or the model is set with textContent,
 * never parsed as HTML; links from data are used only when they are http(s); no inline handlers; no
 * third-party requests (the stylesheet comes from the advisor's own origin). The widget lives in a shadow
 * root so the host page's styles cannot break it and its styles cannot leak into the page.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script) return;
  const data = script.dataset;
  const API = (data.advisorUrl || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  const ROLE = ["learner", "employer", "advisor"].includes(data.role) ? data.role : "learner";
  const INLINE = data.mode === "inline";
  const STORE_KEY = "advisor-widget:" + API + ":" + ROLE;
  const OPEN_KEY = STORE_KEY + ":open";
  const HANDOFF_MESSAGE = "I'd like to talk to an advisor";

  const GREETINGS = {
    learner:
      "Hello. I can help you find a course, see how short courses add up to a qualification, " +
      "and check what help with fees you might get. What do you do now, and what would you like to do next?",
    employer:
      "Hello. Tell me about the team you want to train: the roles and how many people, " +
      "for example \u201c3 site supervisors and 10 electricians\u201d. I will suggest courses, fees and funding.",
    advisor:
      "Advisor mode. Describe the learner (job, experience, goals, where they live) and I will suggest " +
      "courses, routes and funding checks.",
  };
  const STARTERS = {
    learner: ["What courses suit me?", "How do credits add up?", "Can I get help paying?"],
    employer: ["3 site supervisors and 10 electricians", "What funding is there for employers?"],
    advisor: ["Electrician, 15 years, wants EV charging work", "What is an HNC?"],
  };
  const STATUS = {
    eligible: { label: "Eligible", mark: "\u2713" },
    not_eligible: { label: "Not eligible", mark: "\u2715" },
    unknown: { label: "Need to know", mark: "?" },
  };
  const MODES = { online: "Online", blended: "Blended (part online)", in_person: "In person" };
  const NEEDS = {
    "learner.age": "your age",
    "learner.nation": "which part of the UK you live in",
    "learner.uk_resident_years": "how long you have lived in the UK",
    "learner.employment_status": "whether you are working",
    "learner.annual_income_gbp": "your yearly income",
    "learner.highest_level": "your highest qualification",
    "learner.has_degree": "whether you have a degree",
    "learner.benefits": "whether you get benefits",
    "employer.size": "how many staff you employ",
    "employer.annual_paybill_gbp": "your yearly pay bill",
    "employer.sector": "your sector",
    "employer.citb_registered": "whether you are registered with CITB",
    "employer.nation": "which part of the UK the business is in",
  };

  // ---- small helpers -------------------------------------------------------------------------

  function safeUrl(value) {
    if (!value) return null;
    try {
      const url = new URL(String(value), location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  /** An element with properties set safely: `text` becomes textContent, never HTML. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      else if (key === "hidden") node.hidden = true;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return node;
  }

  function icon(path, rotate) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "aw-icon");
    const shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    if (rotate) shape.setAttribute("transform", "rotate(180 12 12)");
    svg.append(shape);
    return svg;
  }
  const CHAT_ICON = "M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z";
  const THUMB_ICON =
    "M1 21h4V9H1v12zm22-11a2 2 0 0 0-2-2h-6.3l.9-4.6v-.3c0-.4-.2-.8-.4-1.1L14.2 1 7.6 7.6C7.2 8 7 8.5 7 9v10" +
    "a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7c.1-.3.2-.5.2-.8v-2z";

  function money(value) {
    if (value === null || value === undefined) return "";
    const number = Number(value);
    return number === 0
      ? "Free"
      : "\u00a3" + number.toLocaleString("en-GB", { maximumFractionDigits: Number.isInteger(number) ? 0 : 2 });
  }

  function longDate(iso) {
    if (!iso) return "";
    const date = new Date(iso + "T12:00:00");
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function loadSession() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      return saved && saved.id && saved.token ? saved : null;
    } catch (_) {
      return null;
    }
  }

  function saveSession(value) {
    try {
      if (value) localStorage.setItem(STORE_KEY, JSON.stringify(value));
      else localStorage.removeItem(STORE_KEY);
    } catch (_) {
      /* storage can be disabled; the chat still works for this page view */
    }
  }

  // ---- the widget's DOM ----------------------------------------------------------------------

  const host = el("div", { class: "advisor-widget-host", "data-role": ROLE });
  const shadow = host.attachShadow({ mode: "open" });
  const styles = el("link", { rel: "stylesheet", href: API + "/static/widget.css" });
  const root = el("div", { class: "aw aw--" + (INLINE ? "inline" : "launcher") + " aw--loading" });
  styles.addEventListener("load", () => root.classList.remove("aw--loading"));
  styles.addEventListener("error", () => root.classList.remove("aw--loading"));
  shadow.append(styles, root);

  const titleText = ROLE === "employer" ? "Training advisor for employers" : "Careers advisor";
  const launcher = INLINE
    ? null
    : el(
        "button",
        {
          type: "button",
          class: "aw-launcher",
          "aria-haspopup": "dialog",
          "aria-expanded": "false",
          "aria-controls": "aw-panel",
        },
        [icon(CHAT_ICON), el("span", { text: ROLE === "employer" ? "Plan staff training" : "Ask our careers advisor" })]
      );

  const closeButton = INLINE
    ? null
    : el("button", { type: "button", class: "aw-close", "aria-label": "Close the advisor" }, [
        el("span", { "aria-hidden": "true", text: "\u00d7" }),
      ]);
  const header = el("div", { class: "aw-head" }, [
    el("div", { class: "aw-head-text" }, [
      el("h2", { id: "aw-title", class: "aw-title", text: titleText }),
      data.college ? el("p", { class: "aw-sub", text: data.college }) : null,
    ]),
    closeButton,
  ]);

  const tool = (label, name) => el("button", { type: "button", class: "aw-tool", "data-action": name, text: label });
  const tools = el("div", { class: "aw-tools", role: "group", "aria-label": "Conversation options" }, [
    tool("New chat", "new"),
    tool("Save my plan", "save"),
    tool("Talk to an advisor", "handoff"),
    tool("Erase", "erase"),
  ]);
  tools.querySelector('[data-action="erase"]').setAttribute("aria-label", "Erase my conversation");

  const log = el("div", {
    class: "aw-log",
    role: "region",
    "aria-label": "Conversation",
    tabindex: "0",
  });
  const suggestions = el("div", { class: "aw-suggestions", role: "group", "aria-label": "Suggested replies" });
  const input = el("textarea", {
    id: "aw-input",
    class: "aw-input",
    rows: "2",
    maxlength: "4000",
    autocomplete: "off",
    placeholder: ROLE === "employer" ? "Roles and numbers, or a question" : "Type your message",
  });
  const sendButton = el("button", { type: "submit", class: "aw-send", text: "Send" });
  const form = el("form", { class: "aw-form" }, [
    el("label", { for: "aw-input", class: "aw-label", text: "Your message" }),
    el("div", { class: "aw-form-row" }, [input, sendButton]),
  ]);
  const privacyUrl = safeUrl(data.privacyUrl || API + "/privacy");
  const note = el("p", { class: "aw-note" }, [
    "Your conversation is saved so you can come back to it. You can erase it at any time.",
    privacyUrl ? " " : null,
    privacyUrl ? el("a", { href: privacyUrl, target: "_blank", rel: "noopener", text: "Privacy notice" }) : null,
  ]);
  // One polite announcement per completed reply; the streamed text itself is not in a live region.
  const announcer = el("div", { class: "aw-visually-hidden", "aria-live": "polite", "aria-atomic": "true" });

  const confirmTitle = el("h3", { id: "aw-confirm-title", text: "Erase this conversation?" });
  const confirmText = el("p", {
    id: "aw-confirm-text",
    text: "This deletes everything you have said here from the college's records. It cannot be undone.",
  });
  const confirmYes = el("button", { type: "button", class: "aw-danger", text: "Erase conversation" });
  const confirmNo = el("button", { type: "button", class: "aw-secondary", text: "Cancel" });
  const confirmBox = el(
    "div",
    {
      class: "aw-confirm",
      role: "alertdialog",
      "aria-modal": "true",
      "aria-labelledby": "aw-confirm-title",
      "aria-describedby": "aw-confirm-text",
      hidden: true,
    },
    [confirmTitle, confirmText, el("div", { class: "aw-confirm-actions" }, [confirmYes, confirmNo])]
  );

  const panel = el(
    "div",
    INLINE
      ? { class: "aw-panel", id: "aw-panel", role: "region", "aria-labelledby": "aw-title" }
      : {
          class: "aw-panel",
          id: "aw-panel",
          role: "dialog",
          "aria-modal": "true",
          "aria-labelledby": "aw-title",
          hidden: true,
        },
    [header, tools, log, suggestions, form, note, announcer, confirmBox]
  );
  if (launcher) root.append(launcher);
  root.append(panel);

  // ---- state ---------------------------------------------------------------------------------

  let session = loadSession();
  let busy = false;

  function announce(text) {
    announcer.textContent = "";
    // A fresh node change after a tick makes screen readers read it even when the text repeats.
    window.setTimeout(() => {
      announcer.textContent = text;
    }, 60);
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  /** Show a new reply from its start (with the question above it), not its last line. */
  function scrollToReply(node) {
    const question = node.previousElementSibling;
    const top = (question || node).offsetTop - 8;
    log.scrollTop = Math.min(top, log.scrollHeight);
  }

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent("advisor:" + name, { detail: detail }));
  }

  function setSuggestions(items) {
    suggestions.replaceChildren();
    for (const text of (items || []).slice(0, 4)) {
      suggestions.append(el("button", { type: "button", class: "aw-suggestion", text: text }));
    }
    suggestions.hidden = suggestions.childElementCount === 0;
  }

  function addUser(text) {
    const node = el("div", { class: "aw-msg aw-msg--user" }, [
      el("span", { class: "aw-visually-hidden", text: "You said: " }),
      el("p", { class: "aw-text", text: text }),
    ]);
    log.append(node);
    scrollToEnd();
    return node;
  }

  function addBot(text) {
    const body = el("p", { class: "aw-text", text: text || "" });
    const node = el("div", { class: "aw-msg aw-msg--bot" }, [
      el("span", { class: "aw-visually-hidden", text: "Advisor said: " }),
      body,
    ]);
    log.append(node);
    scrollToEnd();
    return { node: node, body: body };
  }

  function addNotice(text, kind) {
    const node = el("div", { class: "aw-notice" + (kind ? " aw-notice--" + kind : ""), text: text });
    log.append(node);
    scrollToEnd();
    announce(text);
    return node;
  }

  function greet() {
    addBot(GREETINGS[ROLE]);
    setSuggestions(STARTERS[ROLE]);
  }

  // ---- rendering an answer -------------------------------------------------------------------

  function fact(label, value) {
    if (value === null || value === undefined || value === "") return [];
    return [el("dt", { text: label }), el("dd", { text: value })];
  }

  function courseCard(card) {
    const url = safeUrl(card.url);
    const title = url
      ? el("a", { href: url, target: "_blank", rel: "noopener", text: card.title })
      : document.createTextNode(card.title);
    const study = [];
    if (card.hours_per_week) study.push(card.hours_per_week + " hours a week");
    if (card.duration_weeks) study.push("for " + card.duration_weeks + (card.duration_weeks === 1 ? " week" : " weeks"));
    const facts = el("dl", { class: "aw-facts" }, [
      ...fact("Level", "Level " + card.level + (card.level_framework ? " (" + card.level_framework + ")" : "")),
      ...fact("Credits", String(card.credits)),
      ...fact("Study", study.join(" ")),
      ...fact("Fee", money(card.cost_gbp)),
      ...fact("Mode", MODES[card.delivery_mode] || card.delivery_mode),
      ...fact("Next start", card.rolling_start ? "Any time" : longDate(card.next_start)),
      ...fact("Where", card.location),
    ]);
    const why = card.why ? el("p", { class: "aw-why" }, [el("strong", { text: "Why it fits: " }), card.why]) : null;
    return el("li", { class: "aw-card", "data-course-id": card.id }, [
      el("h3", { class: "aw-card-title" }, [title]),
      facts,
      why,
    ]);
  }

  function creditBar(route, answer) {
    const required = Number(route.credits_required) || 0;
    const counted = Math.min(Number(route.credits_counted) || 0, required || Infinity);
    const share = required ? Math.round((counted / required) * 100) : 0;
    const bar = el("div", {
      class: "aw-bar",
      role: "progressbar",
      "aria-valuemin": "0",
      "aria-valuemax": String(required),
      "aria-valuenow": String(counted),
      "aria-label": "Credits towards " + (route.award_title || "the award"),
    });
    const fill = el("div", { class: "aw-bar-fill" });
    fill.style.width = share + "%";
    bar.append(fill);
    const status = route.complete
      ? "Complete: " + counted + " of " + required + " credits"
      : counted + " of " + required + " credits \u00b7 " + route.credits_remaining + " to go";
    const titles = {};
    for (const card of answer.courses || []) titles[card.id] = card.title;
    const next = (route.suggested || []).map((id) => titles[id] || id);
    const unmet = (route.unmet || []).length
      ? el("details", { class: "aw-more" }, [
          el("summary", { text: "What is still needed" }),
          el("ul", {}, route.unmet.map((item) => el("li", { text: item }))),
        ])
      : null;
    return el("section", { class: "aw-route", "aria-label": "Route to " + (route.award_title || "an award") }, [
      el("h3", { class: "aw-route-title", text: route.award_title || route.award_id }),
      bar,
      el("p", { class: "aw-route-status", text: status }),
      next.length ? el("p", { class: "aw-route-next", text: "To finish: " + next.join(", ") }) : null,
      unmet,
    ]);
  }

  function fundingChip(item) {
    const status = STATUS[item.status] || STATUS.unknown;
    const reasons = item.reasons || [];
    let reason = reasons[0] || "";
    if (item.status === "unknown" && (item.needs || []).length) {
      reason = "We need to know " + item.needs.map((need) => NEEDS[need] || need.split(".").pop().replace(/_/g, " ")).join(", ") + ".";
    }
    const extra = [];
    if (item.amount_gbp) extra.push(el("p", { text: "Could cover " + money(item.amount_gbp) + " of the fee." }));
    if (reasons.length > 1 || item.check_with_advisor) {
      extra.push(
        el("details", { class: "aw-more" }, [
          el("summary", { text: "Why" }),
          el("ul", {}, reasons.map((text) => el("li", { text: text }))),
          item.check_with_advisor ? el("p", { text: "Check with an advisor: " + item.check_with_advisor }) : null,
        ])
      );
    }
    return el("li", { class: "aw-fund aw-fund--" + (STATUS[item.status] ? item.status : "unknown"), "data-scheme-id": item.scheme_id }, [
      el("p", { class: "aw-fund-head" }, [
        el("span", { class: "aw-chip" }, [el("span", { "aria-hidden": "true", text: status.mark + " " }), status.label]),
        el("span", { class: "aw-fund-name", text: item.name }),
      ]),
      reason ? el("p", { class: "aw-fund-reason", text: reason }) : null,
      ...extra,
    ]);
  }

  function teamTable(plan, answer) {
    const titles = {};
    for (const card of answer.courses || []) titles[card.id] = card.title;
    const head = el("tr", {}, ["Role", "Staff", "Course", "Per head", "Fees"].map((t) => el("th", { scope: "col", text: t })));
    const rows = plan.lines.map((line) =>
      el("tr", {}, [
        el("th", { scope: "row", text: line.role }),
        el("td", { text: String(line.staff) }),
        el("td", { text: line.course_id ? titles[line.course_id] || line.course_id : "No match yet" }),
        el("td", { text: money(line.fee_per_person_gbp) }),
        el("td", { text: money(line.fees_gbp) }),
      ])
    );
    const total = el("tr", {}, [
      el("th", { scope: "row", text: "Total" }),
      el("td", { text: String(plan.staff_total) }),
      el("td", { text: "" }),
      el("td", { text: "" }),
      el("td", { text: money(plan.fees_total_gbp) }),
    ]);
    return el("div", { class: "aw-table-wrap", role: "region", "aria-label": "Team plan", tabindex: "0" }, [
      el("table", { class: "aw-team" }, [
        el("caption", { text: "Team training plan (fees before funding)" }),
        el("thead", {}, [head]),
        el("tbody", {}, rows),
        el("tfoot", {}, [total]),
      ]),
    ]);
  }

  function handoffBox(handoff) {
    const url = safeUrl(handoff.contact_url);
    const summaryId = "aw-summary-" + Math.random().toString(36).slice(2, 8);
    const summary = el("textarea", { id: summaryId, class: "aw-summary", readonly: true, rows: "4" });
    summary.value = handoff.summary || "";
    const copied = el("span", { class: "aw-copied", role: "status" });
    const copy = el("button", { type: "button", class: "aw-secondary", "data-action": "copy", text: "Copy note" });
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(summary.value);
      } catch (_) {
        summary.select();
        document.execCommand && document.execCommand("copy");
      }
      copied.textContent = "Copied";
    });
    return el("section", { class: "aw-handoff", "aria-label": "Talk to an advisor" }, [
      el("h3", { text: "Talk to a person" }),
      url
        ? el("p", {}, [el("a", { href: url, target: "_blank", rel: "noopener", class: "aw-contact", text: "Book a chat with an advisor" })])
        : el("p", { text: "Ask the college's advice team to contact you." }),
      el("label", { for: summaryId, text: "A note to give them" }),
      summary,
      el("div", { class: "aw-row" }, [copy, copied]),
    ]);
  }

  function feedbackButtons(messageId) {
    const thanks = el("span", { class: "aw-thanks", role: "status" });
    const make = (rating, label, rotate) => {
      const button = el("button", { type: "button", class: "aw-thumb", "aria-label": label, "aria-pressed": "false", "data-rating": rating }, [
        icon(THUMB_ICON, rotate),
      ]);
      button.addEventListener("click", () => sendFeedback(messageId, rating, group, thanks));
      return button;
    };
    const group = el("div", { class: "aw-feedback", role: "group", "aria-label": "Was this reply helpful?" }, [
      make("up", "Helpful", false),
      make("down", "Not helpful", true),
      thanks,
    ]);
    return group;
  }

  async function sendFeedback(messageId, rating, group, thanks) {
    if (!session) return;
    try {
      const response = await fetch(API + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + session.token },
        body: JSON.stringify({ session_id: session.id, message_id: messageId, rating: rating }),
      });
      if (!response.ok) throw new Error(String(response.status));
      for (const button of group.querySelectorAll("button")) {
        button.setAttribute("aria-pressed", String(button.dataset.rating === rating));
      }
      thanks.textContent = "Thank you for your feedback.";
    } catch (_) {
      thanks.textContent = "Sorry, your feedback could not be sent.";
    }
  }

  function renderAnswer(bot, answer, messageId) {
    bot.body.textContent = answer.reply || "";
    const parts = [];
    if ((answer.courses || []).length && !answer.route) {
      parts.push(el("ul", { class: "aw-cards", "aria-label": "Courses" }, answer.courses.map(courseCard)));
    }
    if (answer.route) {
      parts.push(creditBar(answer.route, answer));
      const counted = (answer.route.placements || []).map((p) => p.course_id);
      const suggested = (answer.courses || []).filter((c) => !counted.includes(c.id));
      if (suggested.length) parts.push(el("ul", { class: "aw-cards", "aria-label": "Courses" }, suggested.map(courseCard)));
    }
    if (answer.team_plan && (answer.team_plan.lines || []).length) parts.push(teamTable(answer.team_plan, answer));
    if ((answer.funding || []).length) {
      parts.push(
        el("section", { class: "aw-funding", "aria-label": "Help with fees" }, [
          el("h3", { class: "aw-section-title", text: "Help with fees" }),
          el("ul", { class: "aw-funds" }, answer.funding.map(fundingChip)),
        ])
      );
    }
    if (answer.handoff) parts.push(handoffBox(answer.handoff));
    if (messageId) parts.push(feedbackButtons(messageId));
    bot.node.append(...parts);
  }

  // ---- talking to the API --------------------------------------------------------------------

  async function readEvents(response, onDelta) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let answer = null;
    const handle = (block) => {
      let event = "message";
      const lines = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) lines.push(line.slice(5).replace(/^ /, ""));
      }
      if (!lines.length) return;
      const payload = JSON.parse(lines.join("\n"));
      if (event === "delta") onDelta(payload.text || "");
      else if (event === "answer") answer = payload;
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.search(/\r?\n\r?\n/)) !== -1) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, "");
        handle(block);
      }
    }
    if (buffer.trim()) handle(buffer);
    return answer;
  }

  function problemText(status) {
    if (status === 413 || status === 422) return "Sorry, I could not read that message. Please make it shorter or simpler.";
    if (status === 429) return "You are sending messages very quickly. Please wait a moment and try again.";
    if (status === 503) return "The advisor is not available right now. Please try again in a few minutes.";
    return "Sorry, something went wrong. Please try again.";
  }

  async function postChat(text) {
    const body = { message: text, role: ROLE };
    const headers = { "Content-Type": "application/json", Accept: "text/event-stream" };
    if (session) {
      body.session_id = session.id;
      headers.Authorization = "Bearer " + session.token;
    }
    return fetch(API + "/api/chat", { method: "POST", headers: headers, body: JSON.stringify(body) });
  }

  async function send(text) {
    text = (text || "").trim();
    if (!text || busy) return;
    busy = true;
    root.classList.add("aw--busy");
    sendButton.disabled = true;
    setSuggestions([]);
    addUser(text);
    const bot = addBot("");
    bot.node.classList.add("aw-msg--pending");
    bot.body.append(el("span", { class: "aw-typing", text: "Thinking\u2026" }));
    try {
      let response = await postChat(text);
      if (session && [401, 403, 404].includes(response.status)) {
        // The saved conversation is gone (erased elsewhere or expired): carry on in a new one.
        forgetSession();
        addNotice("Your earlier conversation could not be found, so this is a new one.");
        response = await postChat(text);
      }
      if (!response.ok) throw new Error(problemText(response.status));
      let streamed = "";
      const isStream = (response.headers.get("content-type") || "").includes("text/event-stream");
      const answer = isStream
        ? await readEvents(response, (piece) => {
            streamed += piece;
            bot.body.textContent = streamed;
            scrollToReply(bot.node);
          })
        : await response.json();
      if (!answer || typeof answer.reply !== "string") throw new Error(problemText(500));
      if (answer.session_token) {
        session = { id: answer.session_id, token: answer.session_token };
        saveSession(session);
      }
      bot.node.classList.remove("aw-msg--pending");
      renderAnswer(bot, answer, answer.message_id);
      setSuggestions(answer.suggestions);
      scrollToReply(bot.node);
      announce("Advisor: " + answer.reply);
      emit("answer", { session_id: answer.session_id, token: session && session.token, answer: answer });
    } catch (error) {
      bot.node.remove();
      const message = error instanceof TypeError ? "Sorry, I could not reach the advisor. Check your connection and try again." : error.message || problemText(500);
      addNotice(message, "error");
      setSuggestions([text]);
    } finally {
      busy = false;
      root.classList.remove("aw--busy");
      sendButton.disabled = false;
    }
  }

  function forgetSession() {
    session = null;
    saveSession(null);
  }

  async function restore() {
    if (!session) {
      greet();
      return;
    }
    try {
      const response = await fetch(API + "/api/sessions/" + encodeURIComponent(session.id), {
        headers: { Authorization: "Bearer " + session.token },
      });
      if ([401, 403, 404].includes(response.status)) {
        forgetSession();
        greet();
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const history = await response.json();
      log.replaceChildren();
      let last = null;
      for (const message of history.messages || []) {
        if (message.role === "user") addUser(message.text);
        else if (message.answer) {
          renderAnswer(addBot(""), message.answer, message.id);
          last = message.answer;
        } else addBot(message.text);
      }
      if (!last) greet();
      else setSuggestions(last.suggestions);
      scrollToEnd();
      emit("restored", { session_id: session.id, token: session.token });
    } catch (_) {
      greet();
      addNotice("Your earlier conversation could not be loaded just now.", "error");
    }
  }

  function newChat() {
    forgetSession();
    log.replaceChildren();
    greet();
    announce("New conversation started.");
    emit("new", {});
    input.focus();
  }

  function savePlan() {
    if (!session) {
      addNotice("Ask about some courses first, then you can save your plan.");
      return;
    }
    const pageUrl = API + "/plan/" + encodeURIComponent(session.id) + "#token=" + encodeURIComponent(session.token);
    const status = el("span", { class: "aw-copied", role: "status" });
    const pdf = el("button", { type: "button", class: "aw-secondary", "data-action": "pdf", text: "Download PDF" });
    const current = session;
    pdf.addEventListener("click", async () => {
      status.textContent = "Preparing your PDF\u2026";
      try {
        const response = await fetch(API + "/api/sessions/" + encodeURIComponent(current.id) + "/plan.pdf", {
          headers: { Authorization: "Bearer " + current.token },
        });
        if (!response.ok) throw new Error(String(response.status));
        const blob = await response.blob();
        const link = el("a", { href: URL.createObjectURL(blob), download: "learning-plan.pdf" });
        shadow.append(link);
        link.click();
        link.remove();
        window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
        status.textContent = "Your PDF has been downloaded.";
      } catch (_) {
        status.textContent = "Sorry, the PDF could not be made.";
      }
    });
    const box = el("section", { class: "aw-save", "aria-label": "Save my plan" }, [
      el("h3", { text: "Save your plan" }),
      el("p", { text: "Keep a copy of the courses, route and funding from this conversation." }),
      el("div", { class: "aw-row" }, [
        el("a", { href: pageUrl, target: "_blank", rel: "noopener", class: "aw-link-button", text: "Open a printable page" }),
        pdf,
        status,
      ]),
    ]);
    log.append(box);
    scrollToEnd();
    pdf.focus();
  }

  function askToErase() {
    if (!session) {
      addNotice("There is no saved conversation to erase.");
      return;
    }
    confirmBox.hidden = false;
    confirmNo.focus();
  }

  function closeConfirm(focusTarget) {
    confirmBox.hidden = true;
    (focusTarget || tools.querySelector('[data-action="erase"]')).focus();
  }

  async function erase() {
    const current = session;
    if (!current) return closeConfirm();
    confirmYes.disabled = true;
    try {
      const response = await fetch(API + "/api/sessions/" + encodeURIComponent(current.id), {
        method: "DELETE",
        headers: { Authorization: "Bearer " + current.token },
      });
      if (!response.ok && response.status !== 404) throw new Error(String(response.status));
      forgetSession();
      log.replaceChildren();
      closeConfirm(input);
      addNotice("Your conversation has been erased.");
      greet();
      emit("erased", { session_id: current.id });
    } catch (_) {
      closeConfirm();
      addNotice("Sorry, your conversation could not be erased just now. Please try again.", "error");
    } finally {
      confirmYes.disabled = false;
    }
  }

  // ---- opening, closing and keyboard ---------------------------------------------------------

  function focusables() {
    const scope = confirmBox.hidden ? panel : confirmBox;
    return Array.from(
      scope.querySelectorAll('a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select, summary, [tabindex="0"]')
    ).filter((node) => node.getClientRects().length > 0 && !node.closest("[hidden]"));
  }

  function open() {
    if (!launcher) return;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("aw--open");
    try {
      sessionStorage.setItem(OPEN_KEY, "1");
    } catch (_) {
      /* ignore */
    }
    scrollToEnd();
    input.focus();
  }

  function close() {
    if (!launcher) return;
    confirmBox.hidden = true;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("aw--open");
    try {
      sessionStorage.removeItem(OPEN_KEY);
    } catch (_) {
      /* ignore */
    }
    launcher.focus();
  }

  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      if (!confirmBox.hidden) closeConfirm();
      else if (!INLINE) close();
      return;
    }
    if (event.key !== "Tab" || (INLINE && confirmBox.hidden)) return;
    const items = focusables();
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = shadow.activeElement;
    if (event.shiftKey && (active === first || !items.includes(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !items.includes(active))) {
      event.preventDefault();
      first.focus();
    }
  });

  if (launcher) launcher.addEventListener("click", open);
  if (closeButton) closeButton.addEventListener("click", close);
  confirmNo.addEventListener("click", () => closeConfirm());
  confirmYes.addEventListener("click", erase);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  suggestions.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    send(button.textContent);
    input.focus();
  });
  tools.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || busy) return;
    const action = button.dataset.action;
    if (action === "new") newChat();
    else if (action === "save") savePlan();
    else if (action === "handoff") send(HANDOFF_MESSAGE);
    else if (action === "erase") askToErase();
  });

  // ---- start ---------------------------------------------------------------------------------

  function mount() {
    const target = INLINE && data.target ? document.querySelector(data.target) : null;
    (target || document.body).append(host);
    restore().then(() => {
      let wasOpen = false;
      try {
        wasOpen = sessionStorage.getItem(OPEN_KEY) === "1";
      } catch (_) {
        wasOpen = false;
      }
      if (wasOpen) open();
      host.setAttribute("data-ready", "true");
      emit("ready", { role: ROLE });
    });
  }

  window.AdvisorWidget = { open: open, close: close, send: send, newChat: newChat };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
