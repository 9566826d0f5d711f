// Shared by the advisor desk, the employer view and the printable plan (ES module, same origin as the API).
//
// Every request goes through api(): when a staff key is configured (sign-in arrives with the hardening work)
// it adds the Authorization header, so pages never build headers themselves.

const STAFF_KEY = "advisor-staff-key";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function staffKey() {
  try {
    return sessionStorage.getItem(STAFF_KEY);
  } catch (_) {
    return null;
  }
}

function detailText(detail) {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d) => (d.field ? d.field + ": " : "") + (d.message || d.msg || "")).join("; ");
  return "";
}

/** fetch() against the advisor API; throws ApiError with the server's reason on a non-2xx answer. */
export async function api(path, { method = "GET", body, token } = {}) {
  const headers = { Accept: "application/json" };
  const bearer = token || staffKey();
  if (bearer) headers.Authorization = "Bearer " + bearer;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    let reason = "";
    try {
      reason = detailText((await response.json()).detail);
    } catch (_) {
      reason = "";
    }
    throw new ApiError(response.status, reason || "The request failed (" + response.status + ").");
  }
  return response;
}

export async function apiJson(path, options) {
  return (await api(path, options)).json();
}

/** An element with properties set safely: `text` becomes textContent, never HTML. */
export function el(tag, props, children) {
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

export function safeUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (_) {
    return null;
  }
}

export function money(value) {
  if (value === null || value === undefined || value === "") return "";
  const number = Number(value);
  return "\u00a3" + number.toLocaleString("en-GB", { maximumFractionDigits: Number.isInteger(number) ? 0 : 2 });
}

/** A course fee: "Free" when there is none to pay. */
export function fee(value) {
  return Number(value) === 0 ? "Free" : money(value);
}

export function longDate(iso) {
  if (!iso) return "";
  if (iso === "rolling") return "Any time";
  const date = new Date(iso + "T12:00:00");
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

export function nextStart(course) {
  const today = new Date().toISOString().slice(0, 10);
  const dates = course.start_dates || [];
  if (dates.includes("rolling")) return "Any time";
  const next = dates.filter((d) => d >= today).sort()[0];
  return next ? longDate(next) : "No date yet";
}

export const MODES = { online: "Online", blended: "Blended", in_person: "In person" };
export const STATUS = {
  eligible: { label: "Eligible", tag: "tag-ok", mark: "\u2713" },
  not_eligible: { label: "Not eligible", tag: "tag-no", mark: "\u2715" },
  unknown: { label: "Need to know", tag: "tag-ask", mark: "?" },
};
export const NEEDS = {
  "learner.age": "age",
  "learner.nation": "where they live",
  "learner.uk_resident_years": "years living in the UK",
  "learner.employment_status": "employment",
  "learner.annual_income_gbp": "yearly income",
  "learner.highest_level": "highest qualification level",
  "learner.has_degree": "whether they have a degree",
  "learner.benefits": "whether they get benefits",
  "employer.size": "number of staff",
  "employer.annual_paybill_gbp": "yearly pay bill",
  "employer.sector": "sector",
  "employer.citb_registered": "whether registered with CITB",
  "employer.nation": "where the business is based",
};

export function needText(field) {
  return NEEDS[field] || field.split(".").pop().replace(/_/g, " ");
}

export function statusTag(status) {
  const known = STATUS[status] || STATUS.unknown;
  return el("span", { class: "tag " + known.tag }, [el("span", { "aria-hidden": "true", text: known.mark + " " }), known.label]);
}

export function creditBar(counted, required, label) {
  const bar = el("div", {
    class: "bar",
    role: "progressbar",
    "aria-valuemin": "0",
    "aria-valuemax": String(required),
    "aria-valuenow": String(Math.min(counted, required)),
    "aria-label": label,
  });
  const fill = el("div", { class: "bar-fill" });
  fill.style.width = (required ? Math.min(100, Math.round((counted / required) * 100)) : 0) + "%";
  bar.append(fill);
  return bar;
}

export function downloadBlob(blob, filename) {
  const link = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}
