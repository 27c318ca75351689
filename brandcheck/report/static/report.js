/* brandcheck audit report: a virtualised grid over one JSON index; details and images are
   files beside the report, loaded when seen (no network, no framework). */
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("bc-data").textContent);
  const SEV = ["fail", "warn", "info", "error"];
  const RANK = { fail: 0, error: 1, warn: 2, pass: 3 };
  const CW = 226, CH = 312; // card box plus gap, px (report.css: .card 216 x 302)
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const items = D.items.map((a, i) => ({
    i, name: a[0], folder: a[1], page: a[2], st: D.statuses[a[3]], codes: a[4], thumb: a[5],
    photo: a[6] === undefined ? null : a[6], // how a photograph was recognised; null: digital
    key: (D.folders[a[1]] + "/" + a[0]).toLowerCase(), lname: a[0].toLowerCase(),
  }));
  // the first fail (then error, then warn) code, for sorting by code
  for (const it of items) {
    let best = null;
    for (const [c, s] of it.codes) {
      const r = s === 0 ? 0 : s === 3 ? 1 : s === 1 ? 2 : 9;
      if (r < 9 && (best === null || r < best[0] || (r === best[0] && D.codes[c] < best[1]))) best = [r, D.codes[c]];
    }
    it.primary = best ? best[1] : "\uffff";
  }
  const grid = $("grid");
  let view = items, cols = 1, shown = [-1, -1];

  const byName = (a, b) => (a.lname < b.lname ? -1 : a.lname > b.lname ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : (a.page || 0) - (b.page || 0));
  const byStatus = (a, b) => RANK[a.st] - RANK[b.st];
  const byFolder = (a, b) => { const x = D.folders[a.folder], y = D.folders[b.folder]; return x < y ? -1 : x > y ? 1 : 0; };
  const byCode = (a, b) => (a.primary < b.primary ? -1 : a.primary > b.primary ? 1 : 0);
  // digital files before photographs: a photograph's fails may be the camera's, and must
  // not crowd the artwork's own failures out of view
  const byKind = (a, b) => (a.photo === null ? 0 : 1) - (b.photo === null ? 0 : 1);
  const SORTS = {
    status: [byStatus, byKind, byFolder, byName], code: [byCode, byStatus, byKind, byName],
    folder: [byFolder, byStatus, byKind, byName], name: [byName],
  };

  function apply() {
    const st = $("fs").value, code = $("fc").value, folder = $("ff").value, kind = $("fk").value;
    const q = $("q").value.trim().toLowerCase(), info = $("info").checked;
    const ci = code === "" ? -1 : D.codes.indexOf(code), fi = folder === "" ? -1 : Number(folder);
    view = items.filter((it) =>
      (!st || it.st === st) && (fi < 0 || it.folder === fi) && (!q || it.key.includes(q)) &&
      (!kind || (kind === "photo") === (it.photo !== null)) &&
      (ci < 0 || it.codes.some(([c, s]) => c === ci && (info || s !== 2))));
    const keys = SORTS[$("sort").value] || SORTS.status;
    view.sort((a, b) => { for (const k of keys) { const d = k(a, b); if (d) return d; } return a.i - b.i; });
    document.body.classList.toggle("showinfo", info);
    $("shown").textContent = view.length;
    layout();
  }

  function layout() {
    cols = Math.max(1, Math.floor(grid.clientWidth / CW));
    grid.style.height = Math.max(1, Math.ceil(view.length / cols)) * CH + "px";
    shown = [-1, -1];
    draw();
  }

  function draw() {
    const top = grid.getBoundingClientRect().top;
    const rows = Math.ceil(view.length / cols);
    const first = Math.max(0, Math.floor(-top / CH) - 2);
    const last = Math.min(rows, Math.ceil((window.innerHeight - top) / CH) + 2);
    if (first === shown[0] && last === shown[1]) return;
    shown = [first, last];
    const frag = document.createDocumentFragment();
    for (let k = first * cols; k < Math.min(view.length, last * cols); k++) frag.appendChild(card(view[k], k));
    grid.textContent = "";
    if (!view.length) grid.appendChild(el("div", "empty", "no poster matches these filters"));
    grid.appendChild(frag);
  }

  function card(it, k) {
    const c = el("div", "card");
    c.tabIndex = 0;
    c.dataset.i = it.i;
    c.dataset.status = it.st;
    c.dataset.kind = it.photo === null ? "digital" : "photo";
    c.style.left = (k % cols) * CW + "px";
    c.style.top = Math.floor(k / cols) * CH + "px";
    const im = el("div", "im");
    if (it.thumb) {
      const img = el("img");
      img.alt = "";
      img.decoding = "async";
      img.src = D.assets + "/t/" + it.i + ".jpg";
      im.appendChild(img);
    } else im.appendChild(el("span", "badge " + it.st, it.st));
    c.appendChild(im);
    const nm = el("div", "nm", it.name + (it.page === null ? "" : " · page " + it.page));
    nm.title = D.folders[it.folder] + "/" + it.name;
    c.appendChild(nm);
    const fd = el("div", "fd");
    fd.appendChild(el("span", "badge " + it.st, it.st));
    if (it.photo !== null) fd.appendChild(photoBadge(it.photo));
    fd.appendChild(document.createTextNode(" " + D.folders[it.folder]));
    c.appendChild(fd);
    const chips = el("div", "chips");
    for (const [ci, s, n] of it.codes) {
      chips.appendChild(el("span", "chip " + SEV[s] + " sev-" + SEV[s], D.codes[ci] + (n > 1 ? " ×" + n : "")));
    }
    c.appendChild(chips);
    return c;
  }

  function photoBadge(how) {
    const b = el("span", "badge photo", "photo · " + how);
    b.title = "a photograph of a print, recognised by " + how + ": listed after the digital files";
    return b;
  }

  // details: report_files/d/K.js calls bcDetail(K, [...]) (a script tag works from file://)
  const chunks = {}, waiting = {};
  window.bcDetail = (k, recs) => { chunks[k] = recs; (waiting[k] || []).forEach((f) => f()); delete waiting[k]; };
  function detail(i, cb) {
    const k = Math.floor(i / D.chunk), at = i - k * D.chunk;
    if (chunks[k]) return cb(chunks[k][at]);
    const first = !waiting[k];
    (waiting[k] = waiting[k] || []).push(() => cb(chunks[k][at]));
    if (!first) return;
    const s = el("script");
    s.src = D.assets + "/d/" + k + ".js";
    s.onerror = () => { delete waiting[k]; cb(null); };
    document.head.appendChild(s);
  }

  let open = -1;
  function show(i) {
    open = i;
    const it = items[i], side = $("mside");
    $("modal").classList.add("open");
    const pic = $("mpic");
    pic.textContent = "";
    if (it.thumb) { const img = el("img"); img.alt = "annotated poster"; img.src = D.assets + "/v/" + i + ".jpg"; pic.appendChild(img); }
    else pic.appendChild(el("span", "badge " + it.st, "no image: " + it.st));
    side.textContent = "";
    const x = el("button", "close", "×");
    x.title = "close (Esc)";
    x.onclick = hide;
    side.appendChild(x);
    side.appendChild(el("h2", null, it.name + (it.page === null ? "" : " · page " + it.page)));
    const head = el("div", null);
    head.appendChild(el("span", "badge " + it.st, it.st));
    if (it.photo !== null) { head.appendChild(document.createTextNode(" ")); head.appendChild(photoBadge(it.photo)); }
    side.appendChild(head);
    detail(i, (d) => {
      if (open !== i) return;
      if (!d) { side.appendChild(el("p", "error", "details not found: keep the folder " + decodeURI(D.assets) + " beside the report")); return; }
      side.appendChild(el("p", "meta", d.p + (d.s ? " · " + d.s[0] + " × " + d.s[1] + " px" : "") + " · " + d.l + " logo(s)"));
      if (d.e) { side.appendChild(el("p", "error", d.e[0] + ": " + d.e[1])); return; }
      // the photograph note says how every other finding was judged: shown even with info hidden
      const note = d.f.find((f) => f[0] === "photo");
      if (note) side.appendChild(el("p", "photonote", note[3]));
      // and each photographed logo's size on its page (mm on a stated paper): not judged, so info
      if (note) for (const f of d.f) if (f[0] === "too-small" && f[1] === "info") side.appendChild(el("p", "photonote size", f[3]));
      const list = el("div", "findings");
      for (const f of d.f) {
        const box = el("div", "finding sev-" + f[1]);
        const h = el("div", "fh");
        h.appendChild(el("span", "badge " + f[1], f[1]));
        h.appendChild(el("b", null, " " + f[0]));
        if (f[2] !== null) h.appendChild(document.createTextNode(" · logo " + f[2]));
        box.appendChild(h);
        box.appendChild(el("div", "msg", f[3]));
        const t = el("table");
        const row = (k, v) => { if (v) { const tr = el("tr"); tr.appendChild(el("th", null, k)); tr.appendChild(el("td", null, v)); t.appendChild(tr); } };
        row("measured", fmt(f[4], f[6]));
        row("expected", fmt(f[5], f[6]));
        if (f[1] !== "info") row("fix", f[7]);
        row("where", f[8]);
        box.appendChild(t);
        list.appendChild(box);
      }
      side.appendChild(list);
      if (!d.f.length) side.appendChild(el("p", null, "no findings"));
    });
  }
  function fmt(v, unit) {
    if (v === null || v === undefined) return "";
    const s = typeof v === "number" ? String(Math.round(v * 1000) / 1000) : typeof v === "string" ? v : JSON.stringify(v);
    return unit ? s + " " + unit : s;
  }
  function hide() { open = -1; $("modal").classList.remove("open"); }
  function step(d) {
    const k = view.findIndex((it) => it.i === open);
    if (k >= 0 && view[k + d]) show(view[k + d].i);
  }

  grid.addEventListener("click", (e) => { const c = e.target.closest(".card"); if (c) show(Number(c.dataset.i)); });
  grid.addEventListener("keydown", (e) => { const c = e.target.closest(".card"); if (c && e.key === "Enter") show(Number(c.dataset.i)); });
  $("modal").addEventListener("click", (e) => { if (e.target.id === "modal") hide(); });
  document.addEventListener("keydown", (e) => {
    if (open < 0) return;
    if (e.key === "Escape") hide(); else if (e.key === "ArrowRight") step(1); else if (e.key === "ArrowLeft") step(-1);
  });
  for (const id of ["fs", "fc", "ff", "fk", "sort", "info"]) $(id).addEventListener("change", apply);
  $("q").addEventListener("input", apply);
  // a click on a folder or code row of the summary tables filters by it
  document.addEventListener("click", (e) => {
    const tr = e.target.closest("tr.pick");
    if (!tr) return;
    if (tr.dataset.folder !== undefined) $("ff").value = tr.dataset.folder;
    if (tr.dataset.code !== undefined) $("fc").value = tr.dataset.code;
    if (tr.dataset.kind !== undefined) $("fk").value = tr.dataset.kind;
    apply();
    $("controls").scrollIntoView();
  });
  let queued = false;
  window.addEventListener("scroll", () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; draw(); }); } });
  window.addEventListener("resize", layout);
  apply();
})();
