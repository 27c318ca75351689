// brandcheck's page: send each dropped file to /api/check and show what comes back.
// Every text from a result (file names, messages) goes into the page as text nodes,
// never as markup. No library, no network but this server.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const RANK = { fail: 0, warn: 1, info: 2 };
const UNITS = {
  angle_deg: "°", shear_deg: "°", delta_e00: " ΔE00", contrast_ratio: ":1", width_mm: " mm",
  width_px: " px", effective_ppi: " ppi", effective_width_px: " px", aspect_ratio: " × the artwork's",
  logo_heights: " logo heights", logos: " logos",
};
const SHARES = new Set(["share_missing", "share_added", "share_of_edge", "share_of_zone", "share_off_canvas"]);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c); // strings become text
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function fmtValue(v, unit) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") {
    if (SHARES.has(unit)) return (100 * v).toFixed(1) + " %";
    return (Math.round(v * 100) / 100) + (UNITS[unit] || (unit ? " " + unit : ""));
  }
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

function bbox(poly) {
  const xs = poly.map((p) => p[0]), ys = poly.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function position(f, r) {
  const clip = (b, w, h) => [Math.max(0, b[0]), Math.max(0, b[1]), Math.min(w, b[2]), Math.min(h, b[3])];
  const [w, h] = r.size || [Infinity, Infinity];
  if (f.region_mm && r.ppi) {
    const k = [25.4 / r.ppi[0], 25.4 / r.ppi[1]];
    const b = clip(bbox(f.region_mm), w * k[0], h * k[1]);
    return `x ${b[0].toFixed(0)}–${b[2].toFixed(0)} mm, y ${b[1].toFixed(0)}–${b[3].toFixed(0)} mm from the top left`;
  }
  if (f.region) {
    const b = clip(bbox(f.region), w, h);
    return `x ${b[0].toFixed(0)}–${b[2].toFixed(0)} px, y ${b[1].toFixed(0)}–${b[3].toFixed(0)} px from the top left (no physical size in the file)`;
  }
  return null;
}

function worst(findings) {
  let w = "pass";
  for (const f of findings) if (f.severity === "fail" || (f.severity === "warn" && w !== "fail")) w = f.severity;
  return w;
}

//: Types every browser shows itself; others (PDF, TIFF, ...) get the server's rendering.
const NATIVE = new Set(["image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp"]);
const urls = new WeakMap();
function fileUrl(file) {
  if (!urls.has(file)) urls.set(file, URL.createObjectURL(file));
  return urls.get(file);
}

function renderResult(r, doc, file, flags) {
  const title = r.path + (r.page ? ` (page ${r.page})` : "");
  const art = el("article", { class: "result " + r.status });
  art.append(el("h2", {}, el("span", { class: "badge " + r.status }, r.status), " ", title));
  if (r.error) {
    art.append(el("p", { class: "error-msg" }, `${r.error.code}: ${r.error.message}`));
    return art;
  }
  const [W, H] = r.size;
  const full = `0 0 ${W} ${H}`;
  const view = svg("svg", { viewBox: full, role: "img", "aria-label": "the poster with the findings drawn on it" });
  view.style.aspectRatio = `${W} / ${H}`; // the box keeps the page's shape when zoomed in
  // the poster as the browser shows the file itself (colour-managed, EXIF-oriented, as the
  // checker reads it), or the server's rendering for what a browser cannot show (PDF, TIFF)
  const href = r.preview ? "data:image/jpeg;base64," + r.preview.poster_jpeg : fileUrl(file);
  view.append(svg("image", { href, x: 0, y: 0, width: W, height: H, preserveAspectRatio: "none" }));
  r.logos.forEach((lg, i) => {
    if (lg.zone && lg.zone.length) view.append(svg("polygon", { class: "zone", points: lg.zone.join(" ") }));
    const sev = worst(r.findings.filter((f) => f.logo === i));
    view.append(svg("polygon", { class: "logo " + sev, points: lg.quad.join(" ") }));
  });
  const regions = r.findings.map((f) => {
    if (!f.region || f.severity === "info") return null;
    const p = svg("polygon", { class: "region " + f.severity, points: f.region.join(" ") });
    view.append(p);
    return p;
  });
  const reset = el("button", { type: "button", class: "whole" }, "Whole page");
  reset.addEventListener("click", () => { view.setAttribute("viewBox", full); select(null); });
  const viewer = el("div", { class: "viewer" }, view, el("div", { class: "tools" }, reset));

  const order = r.findings.map((f, i) => [f, i]).sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity]);
  const list = el("ol", { class: "findings" });
  const notes = el("ol", { class: "findings" });
  const items = [];
  function select(i) {
    items.forEach((it, j) => it && it.classList.toggle("sel", j === i));
    regions.forEach((p, j) => p && p.classList.toggle("sel", j === i));
  }
  for (const [f, i] of order) {
    const dl = el("dl", {});
    const add = (k, v) => { if (v !== null && v !== undefined && v !== "") dl.append(el("dt", {}, k), el("dd", {}, v)); };
    if (f.measured !== null || f.expected !== null) {
      add("measured", fmtValue(f.measured, f.unit));
      add("expected", fmtValue(f.expected, f.unit));
    }
    add("fix", f.fix);
    add("where", position(f, r));
    if (f.logo !== null && r.logos.length > 1) add("logo", String(f.logo + 1));
    const li = el("li", { class: "finding " + f.severity, tabindex: "0", "data-code": f.code },
      el("span", { class: "badge " + f.severity }, f.severity), " ", el("code", {}, f.code), " ", f.message, dl);
    const target = f.region || (f.logo !== null && r.logos[f.logo] ? r.logos[f.logo].quad : null);
    const zoom = () => {
      select(i);
      if (!target) { view.setAttribute("viewBox", full); return; }
      // a square around the region with room for its surroundings, at least 0.4 of the
      // page's long side, so a thin strip is not blown up past recognition
      const b = bbox(target);
      const half = Math.max(Math.max(b[2] - b[0], b[3] - b[1]) * 0.7 + 10, 0.2 * Math.max(W, H));
      const cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
      view.setAttribute("viewBox", `${cx - half} ${cy - half} ${2 * half} ${2 * half}`);
    };
    li.addEventListener("click", zoom);
    li.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); zoom(); } });
    items[i] = li;
    (f.severity === "info" ? notes : list).append(li);
  }
  const side = el("div", { class: "side" });
  side.append(el("h3", {}, "Findings"));
  side.append(list.childElementCount ? list : el("p", {}, "Nothing to fix."));
  const ok = el("ul", { class: "ok" });
  for (const c of r.checked || []) ok.append(el("li", {}, `${c.name}: ${c.value}` + (r.logos.length > 1 ? ` (logo ${c.logo + 1})` : "")));
  side.append(el("h3", {}, "Checked and OK"), ok.childElementCount ? ok : el("p", { class: "muted" }, "nothing measured as OK"));
  if (notes.childElementCount) side.append(el("details", {}, el("summary", {}, `Notes (${notes.childElementCount})`), notes));
  const dl = el("p", { class: "downloads" });
  const plain = JSON.parse(JSON.stringify(doc));
  plain.results = plain.results.filter((x) => x.path === r.path && x.page === r.page);
  plain.results.forEach((x) => { delete x.preview; delete x.checked; delete x.annotated_name; });
  const jsonUrl = URL.createObjectURL(new Blob([JSON.stringify(plain, null, 2)], { type: "application/json" }));
  dl.append(el("a", { href: jsonUrl, download: r.path.replace(/\.[^.]*$/, "") + (r.page ? `.p${r.page}` : "") + ".json", class: "dl-json" }, "Download JSON"));
  {
    // drawn on request: the file is sent again and checked again (nothing is kept on the server)
    const btn = el("button", { type: "button", class: "dl-png" }, "Download annotated PNG");
    const note = el("span", { class: "muted" });
    btn.addEventListener("click", async () => {
      btn.disabled = true;
      note.textContent = " drawing…";
      const form = new FormData();
      form.append("file", file, file.name);
      form.append("page", String(r.page || 1));
      for (const [k, v] of Object.entries(flags)) form.append(k, v);
      try {
        const res = await fetch("/api/annotate", { method: "POST", body: form });
        if (!res.ok) {
          const why = await res.json().catch(() => null);
          throw new Error(why && why.error ? why.error.message : `HTTP ${res.status}`);
        }
        const a = el("a", { href: URL.createObjectURL(await res.blob()), download: r.annotated_name });
        document.body.append(a);
        a.click();
        a.remove();
        note.textContent = "";
      } catch (e) {
        note.textContent = " not drawn: " + e.message;
      }
      btn.disabled = false;
    });
    dl.append(btn, note);
  }
  side.append(dl);
  art.append(el("div", { class: "cols" }, viewer, side));
  return art;
}

function check(file) {
  const job = el("div", { class: "job" });
  const bar = el("progress", { max: "100", value: "0" });
  const state = el("span", { class: "state muted" }, "uploading…");
  job.append(el("div", { class: "job-head" }, el("span", { class: "job-name" }, file.name), bar, state));
  document.getElementById("results").prepend(job);
  const form = new FormData();
  form.append("file", file, file.name);
  const flags = {
    text: document.getElementById("opt-text").checked ? "1" : "0",
    slogans: document.getElementById("opt-slogans").checked ? "1" : "0",
    paper: document.getElementById("opt-paper").value, // a photo's logo in mm on this format
  };
  for (const [k, v] of Object.entries(flags)) form.append(k, v);
  form.append("preview", NATIVE.has(file.type) ? "0" : "1");
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const t0 = performance.now();
    let timer = null;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total; };
    xhr.upload.onload = () => {
      bar.removeAttribute("value"); // indeterminate while the server checks
      timer = setInterval(() => { state.textContent = `checking… ${((performance.now() - t0) / 1000).toFixed(0)} s`; }, 250);
      state.textContent = "checking…";
    };
    xhr.onloadend = () => {
      clearInterval(timer);
      bar.remove();
      let doc = null;
      try { doc = JSON.parse(xhr.responseText); } catch (e) { doc = null; }
      if (xhr.status !== 200 || !doc || !doc.results) {
        const why = doc && doc.error ? doc.error.message : (xhr.status ? `HTTP ${xhr.status}` : "the server did not answer");
        state.textContent = "not checked: " + why;
        state.className = "state error-msg";
        job.classList.add("failed");
      } else {
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        state.textContent = `${doc.results.length} page(s) checked in ${secs} s`;
        for (const r of doc.results) job.append(renderResult(r, doc, file, flags));
        job.classList.add("done");
      }
      resolve();
    };
    xhr.open("POST", "/api/check");
    xhr.send(form);
  });
}

let queue = Promise.resolve();
function addFiles(files) {
  for (const f of files) queue = queue.then(() => check(f)); // one at a time, in order
}

const drop = document.getElementById("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); addFiles(e.dataTransfer.files); });
document.addEventListener("dragover", (e) => e.preventDefault()); // a miss does not navigate away
document.addEventListener("drop", (e) => e.preventDefault());
document.getElementById("pick").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });

fetch("/api/health").then((r) => r.json()).then((h) => {
  document.getElementById("brand").textContent = `brand kit ${h.brand} · brandcheck ${h.version}`;
  document.getElementById("limit").textContent = `Files up to ${(h.max_upload_bytes / 1e6).toFixed(0)} MB. They are checked on this machine and deleted after the check.`;
}).catch(() => {});
