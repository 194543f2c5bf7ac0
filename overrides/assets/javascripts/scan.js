/* Kenniscentrum MVO — the MVO-scan (instrument kind "scan") as a working tool in the browser.
 *
 * Progressive enhancement of the server-rendered questionnaire in partials/kc/scan.html: named, dated rounds saved in
 * localStorage when the reader clicks "Save", progress per theme, results (per-theme score as an SVG chart with a
 * text alternative and as a table, strongest and weakest themes, recommended instruments), an action plan (owner,
 * target date, check-ins; CSV and iCalendar), comparison of two rounds, VSME readiness (CSV), export/import as JSON
 * (versioned) and CSV, and "delete my data". Nothing leaves the browser.
 *
 * All data comes from the JSON island rendered by the template (CSP-safe, never executed): the scale with its scores,
 * themes and questions, the recommended instruments from the catalogue, VSME labels and the interface strings.
 * CSV and iCalendar helpers are shared with checklist.js through window.kcChecklist (loaded first).
 * The scoring rule is the one in kenniscentrum/model/scan.py (theme_scores): keep the two in step.
 * Storage and file formats: docs/scan.md.
 */
(function () {
  "use strict";

  var FORMAT = "kenniscentrum-mvo/scan";
  var VERSION = 1;
  var STORAGE_PREFIX = "kc-scan:v1:";
  var ID_RE = /^[a-z0-9][a-z0-9-]*$/;
  var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  var LIMITS = { name: 80, runs: 100, owner: 200, checkins: 50, plan: 500, fileKb: 1024 };
  var SUPPORTED_FROM = 100; // a VSME disclosure is supported when its questions are all "in place"
  var LOW_BELOW = 100; // a question's instruments are recommended when it scores below this
  var EXTREMES = 2; // how many strongest and weakest themes are named

  function fmt(template, vars) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, key) {
      return vars && Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : whole;
    });
  }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function isDate(value) {
    if (typeof value !== "string") return false;
    var m = DATE_RE.exec(value);
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function newId() { return "r" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function download(filename, text, mime) {
    var url = URL.createObjectURL(new Blob([text], { type: mime }));
    var link = el("a", { href: url, download: filename, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }
  function unguard(value) { return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value; }

  // ---------------------------------------------------------------- scoring (same rule as model/scan.py)

  /** Theme id -> {score (0-100, unrounded, or null), answered, total}. */
  function themeScores(themes, scoreOf, answers) {
    var out = {};
    themes.forEach(function (theme) {
      var total = 0, weights = 0, answered = 0;
      theme.questions.forEach(function (q) {
        var a = has(answers, q.id) ? answers[q.id] : null;
        if (a !== null && has(scoreOf, a)) answered += 1;
        var score = a !== null && has(scoreOf, a) ? scoreOf[a] : null;
        if (score === null) return;
        total += q.weight * score;
        weights += q.weight;
      });
      out[theme.id] = { score: weights ? total / weights : null, answered: answered, total: theme.questions.length };
    });
    return out;
  }

  function shown(score) { return score === null ? null : Math.round(score); }

  // ---------------------------------------------------------------- the tool

  function Scan(root) {
    var data = JSON.parse(root.querySelector("script[data-scan-data]").textContent);
    var self = this;
    this.root = root;
    this.data = data;
    this.S = data.strings;
    this.scoreOf = {};
    this.answerLabel = {};
    data.scale.forEach(function (a) { self.scoreOf[a.id] = a.score; self.answerLabel[a.id] = a.label; });
    this.questions = {};
    data.themes.forEach(function (t) { t.questions.forEach(function (q) { self.questions[q.id] = { q: q, theme: t }; }); });
    this.key = STORAGE_PREFIX + data.id;
    this.storage = null;
    try {
      window.localStorage.setItem(this.key + ":probe", "1");
      window.localStorage.removeItem(this.key + ":probe");
      this.storage = window.localStorage;
    } catch (e) { this.storage = null; }
    this.dirty = false;
    this.q = function (sel) { return root.querySelector(sel); };
  }

  Scan.prototype.freshRun = function (name) {
    return { id: newId(), name: name || fmt(this.S.default_run, { year: today().slice(0, 4) }), date: today(), answers: {} };
  };

  Scan.prototype.freshState = function () {
    var run = this.freshRun();
    return { runs: [run], current: run.id, plan: [], saved: {} };
  };

  Scan.prototype.load = function () {
    var raw = null;
    if (this.storage) {
      var text = this.storage.getItem(this.key);
      if (text !== null) {
        try { raw = JSON.parse(text); } catch (e) {
          // Never overwrite what we cannot read: keep it next to the new state.
          try { this.storage.setItem(this.key + ":unreadable:" + Date.now(), text); } catch (e2) { /* full */ }
        }
      }
    }
    var checked = raw ? this.validate(raw, true) : null;
    if (!checked || checked.errors.length || !checked.runs.length) {
      if (raw && this.storage) {
        try { this.storage.setItem(this.key + ":unreadable:" + Date.now(), JSON.stringify(raw)); } catch (e) { /* full */ }
      }
      this.state = this.freshState();
      return;
    }
    var saved = {};
    checked.runs.forEach(function (r) { saved[r.id] = true; });
    this.state = { runs: checked.runs, current: checked.runs[0].id, plan: checked.plan, saved: saved };
    if (typeof raw.current === "string" && this.run(raw.current)) this.state.current = raw.current;
  };

  Scan.prototype.payload = function (runs) {
    return { format: FORMAT, version: VERSION, scan: this.data.id, lang: this.data.lang,
      current: this.state.current, runs: runs || this.state.runs, plan: this.state.plan };
  };

  Scan.prototype.save = function () {
    if (!this.storage) { this.alert(this.S.storage_unavailable); return false; }
    try {
      this.storage.setItem(this.key, JSON.stringify(this.payload()));
    } catch (e) { this.alert(this.S.storage_full); return false; }
    var saved = {};
    this.state.runs.forEach(function (r) { saved[r.id] = true; });
    this.state.saved = saved;
    this.dirty = false;
    this.say(this.S.saved);
    this.renderRuns();
    this.renderCompare();
    return true;
  };

  Scan.prototype.run = function (id) {
    return this.state.runs.filter(function (r) { return r.id === id; })[0] || null;
  };
  Scan.prototype.current = function () { return this.run(this.state.current) || this.state.runs[0]; };

  Scan.prototype.markDirty = function () {
    this.dirty = true;
    this.say(this.S.unsaved);
  };

  Scan.prototype.say = function (message) {
    var status = this.q("[data-scan-status]");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 30);
  };
  Scan.prototype.alert = function (message) {
    var box = this.q("[data-scan-alert]");
    box.textContent = "";
    window.setTimeout(function () { box.textContent = message; }, 30);
  };

  // ---------------------------------------------------------------- validation (import and storage)

  /** {runs, plan, errors}: every problem named; `lenient` (own storage) skips unknown answers instead of refusing. */
  Scan.prototype.validate = function (payload, lenient) {
    var S = this.S, self = this, errors = [];
    if (!isObject(payload) || payload.format !== FORMAT) return { runs: [], plan: [], errors: [S.err_format] };
    if (payload.version !== VERSION) return { runs: [], plan: [], errors: [fmt(S.err_version, { version: String(payload.version).slice(0, 20) })] };
    if (payload.scan !== this.data.id) return { runs: [], plan: [], errors: [fmt(S.err_scan, { scan: String(payload.scan).slice(0, 80) })] };
    if (!Array.isArray(payload.runs) || !payload.runs.length || payload.runs.length > LIMITS.runs) {
      return { runs: [], plan: [], errors: [S.err_runs] };
    }
    var runs = [];
    payload.runs.forEach(function (r, i) {
      var fail = function (what) { errors.push(fmt(S.err_run, { n: i + 1, what: what })); };
      if (!isObject(r)) { fail(S.err_answers); return; }
      if (typeof r.name !== "string" || !r.name.trim() || r.name.length > LIMITS.name) { fail(S.err_name); return; }
      if (!isDate(r.date)) { fail(S.err_date); return; }
      if (!isObject(r.answers)) { fail(S.err_answers); return; }
      var answers = {};
      var ok = true;
      Object.keys(r.answers).forEach(function (qid) {
        if (!ok) return;
        var a = r.answers[qid];
        if (!has(self.questions, qid)) {
          if (!lenient) { fail(fmt(S.err_question, { id: qid.slice(0, 60) })); ok = false; }
          return;
        }
        if (typeof a !== "string" || !has(self.scoreOf, a)) {
          if (!lenient) { fail(fmt(S.err_answer, { id: qid })); ok = false; }
          return;
        }
        answers[qid] = a;
      });
      if (!ok) return;
      var id = typeof r.id === "string" && /^r[a-z0-9]{1,40}$/.test(r.id) ? r.id : newId();
      runs.push({ id: id, name: r.name.trim(), date: r.date, answers: answers });
    });
    var plan = [];
    if (Array.isArray(payload.plan)) {
      payload.plan.slice(0, LIMITS.plan).forEach(function (p) {
        if (!isObject(p) || typeof p.key !== "string" || !has(self.data.instruments, p.key)) return;
        var checkins = Array.isArray(p.checkins) ? p.checkins.filter(function (d) { return d === "" || isDate(d); }) : [];
        plan.push({ key: p.key,
          owner: typeof p.owner === "string" ? p.owner.slice(0, LIMITS.owner) : "",
          due: isDate(p.due) ? p.due : "",
          checkins: checkins.slice(0, LIMITS.checkins) });
      });
    }
    return { runs: runs, plan: plan, errors: errors };
  };

  Scan.prototype.csvToPayload = function (text) {
    var S = this.S;
    var rows = window.kcChecklist.parseCsv(text);
    if (rows.length < 2) return { error: S.err_csv_empty };
    var header = rows[0].cells.map(function (h) { return h.trim().toLowerCase(); });
    var required = ["run_name", "run_date", "question", "answer"];
    for (var i = 0; i < required.length; i++) {
      if (header.indexOf(required[i]) < 0) return { error: fmt(S.err_csv_header, { column: required[i] }) };
    }
    var byRun = {}, order = [];
    rows.slice(1).forEach(function (row) {
      var r = {};
      header.forEach(function (h, j) { r[h] = unguard(row.cells[j] === undefined ? "" : row.cells[j]); });
      var key = (r.run_id || "") + "\u0000" + r.run_name + "\u0000" + r.run_date;
      if (!has(byRun, key)) { byRun[key] = { name: r.run_name, date: r.run_date, answers: {} }; order.push(key); }
      if (r.answer !== "") byRun[key].answers[r.question] = r.answer;
    });
    return { payload: { format: FORMAT, version: VERSION, scan: this.data.id,
      runs: order.map(function (k) { return byRun[k]; }) } };
  };

  Scan.prototype.importFile = function (file) {
    var self = this, S = this.S;
    function refuse(reason) { self.alert(fmt(S.import_refused, { reason: reason })); }
    if (file.size > LIMITS.fileKb * 1024) { refuse(fmt(S.err_too_big, { max: LIMITS.fileKb })); return Promise.resolve(); }
    return file.text().then(function (text) {
      var payload;
      if (/\.csv$/i.test(file.name) || /^\ufeff?[^{[]/.test(text.trim())) {
        var converted;
        try { converted = self.csvToPayload(text); } catch (e) { refuse(S.err_csv_empty); return; }
        if (converted.error) { refuse(converted.error); return; }
        payload = converted.payload;
      } else {
        try { payload = JSON.parse(text); } catch (e) { refuse(S.err_not_json); return; }
      }
      var checked = self.validate(payload, false);
      if (checked.errors.length) { refuse(checked.errors.slice(0, 5).join(" ")); return; }
      if (!checked.runs.length) { refuse(S.err_runs); return; }
      if (self.state.runs.length + checked.runs.length > LIMITS.runs) { refuse(S.err_runs); return; }
      var taken = {};
      self.state.runs.forEach(function (r) { taken[r.id] = true; taken["name:" + r.name.toLocaleLowerCase()] = true; });
      checked.runs.forEach(function (r) {
        if (taken[r.id]) r.id = newId();
        var base = r.name, n = 2;
        while (taken["name:" + r.name.toLocaleLowerCase()]) { r.name = (base + " (" + n + ")").slice(0, LIMITS.name); n += 1; }
        taken[r.id] = true;
        taken["name:" + r.name.toLocaleLowerCase()] = true;
        self.state.runs.push(r);
      });
      var inPlan = {};
      self.state.plan.forEach(function (p) { inPlan[p.key] = true; });
      checked.plan.forEach(function (p) { if (!inPlan[p.key]) self.state.plan.push(p); });
      self.state.current = checked.runs[checked.runs.length - 1].id;
      self.save();
      self.render();
      self.say(fmt(S.import_done, { count: checked.runs.length }));
    });
  };

  // ---------------------------------------------------------------- rendering

  Scan.prototype.render = function () {
    this.renderRuns();
    this.renderAnswers();
    this.renderProgress();
    this.renderPlan();
    this.renderCompare();
    this.renderVsme();
    if (!this.q("[data-scan-results]").hidden) this.renderResults();
  };

  Scan.prototype.runLabel = function (r) { return r.name + " (" + r.date + ")"; };

  Scan.prototype.renderRuns = function () {
    var select = this.q("[data-scan-run-select]"), self = this;
    select.textContent = "";
    this.state.runs.forEach(function (r) {
      select.appendChild(el("option", { value: r.id, text: self.runLabel(r), selected: r.id === self.state.current }));
    });
    select.value = this.current().id;
  };

  Scan.prototype.renderAnswers = function () {
    var answers = this.current().answers;
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-scan-form] input[type=radio]"), function (input) {
      var qid = input.name.slice(2);
      input.checked = has(answers, qid) && answers[qid] === input.value;
    });
  };

  Scan.prototype.renderProgress = function () {
    var S = this.S, self = this, answers = this.current().answers, all = 0, done = 0;
    this.data.themes.forEach(function (t) {
      var n = t.questions.filter(function (q) { return has(answers, q.id); }).length;
      all += t.questions.length;
      done += n;
      var node = self.root.querySelector('[data-theme-id="' + t.id + '"] [data-scan-theme-progress]');
      if (node) node.textContent = fmt(S.theme_progress, { answered: n, total: t.questions.length });
    });
    this.q("[data-scan-total-progress]").textContent = fmt(S.total_progress, { answered: done, total: all });
  };

  Scan.prototype.scores = function (run) {
    return themeScores(this.data.themes, this.scoreOf, (run || this.current()).answers);
  };

  Scan.prototype.renderResults = function () {
    var S = this.S, self = this, scores = this.scores();
    var section = this.q("[data-scan-results]");
    section.hidden = false;
    var scored = this.data.themes.filter(function (t) { return scores[t.id].score !== null; });
    var empty = this.q("[data-scan-results-empty]");
    var body = this.q("[data-scan-results-body]");
    empty.hidden = scored.length > 0;
    empty.textContent = S.not_enough;
    body.hidden = scored.length === 0;
    if (!scored.length) return;

    // table
    var tbody = this.q("[data-scan-table-body]");
    tbody.textContent = "";
    this.data.themes.forEach(function (t) {
      var s = scores[t.id];
      tbody.appendChild(el("tr", { "data-theme-id": t.id, "data-score": s.score === null ? "" : String(shown(s.score)) }, [
        el("th", { scope: "row", text: t.label }),
        el("td", { text: s.score === null ? S.no_score : String(shown(s.score)) }),
        el("td", { text: fmt(S.theme_progress, { answered: s.answered, total: s.total }) }),
      ]));
    });

    // chart: one bar per theme, the same figures as the table; <desc> is the text alternative
    var chart = this.q("[data-scan-chart]");
    Array.prototype.slice.call(chart.querySelectorAll("g")).forEach(function (g) { g.remove(); });
    var rowH = 30, labelW = 250, barW = 330;
    var g = svg("g", { "aria-hidden": "true" });
    this.data.themes.forEach(function (t, i) {
      var s = shown(scores[t.id].score), y = i * rowH + 6;
      g.appendChild(svg("text", { x: 0, y: y + 17, class: "kc-scan__chart-label" }, t.label));
      g.appendChild(svg("rect", { x: labelW, y: y, width: barW, height: 22, class: "kc-scan__chart-track" }));
      if (s !== null) g.appendChild(svg("rect", { x: labelW, y: y, width: Math.max(s / 100 * barW, 1), height: 22,
        class: "kc-scan__chart-bar", "data-theme-id": t.id }));
      g.appendChild(svg("text", { x: labelW + barW + 8, y: y + 17, class: "kc-scan__chart-value" },
        s === null ? S.no_score : String(s)));
    });
    chart.appendChild(g);
    chart.setAttribute("viewBox", "0 0 640 " + (this.data.themes.length * rowH + 8));
    this.q("[data-scan-chart-desc]").textContent = fmt(S.chart_desc, { list: this.data.themes.map(function (t) {
      var s = shown(scores[t.id].score);
      return t.label + " " + (s === null ? S.no_score : s);
    }).join(", ") });

    // strongest and weakest
    var ranked = scored.slice().sort(function (a, b) { return scores[b.id].score - scores[a.id].score; });
    var n = Math.min(EXTREMES, Math.ceil(ranked.length / 2));
    var strongest = ranked.slice(0, n), weakest = ranked.slice(-n).reverse();
    [["[data-scan-strongest]", strongest], ["[data-scan-weakest]", weakest]].forEach(function (pair) {
      var list = self.q(pair[0]);
      list.textContent = "";
      pair[1].forEach(function (t) {
        list.appendChild(el("li", { "data-theme-id": t.id, text: t.label + ": " + shown(scores[t.id].score) }));
      });
    });

    // recommended instruments for the weakest themes: those of their questions answered below "in place"
    var box = this.q("[data-scan-recommend]");
    box.textContent = "";
    var answers = this.current().answers, any = false;
    weakest.forEach(function (t) {
      if (scores[t.id].score >= LOW_BELOW) return;
      var keys = [];
      t.questions.forEach(function (q) {
        var a = answers[q.id];
        if (!has(self.scoreOf, a || "") || self.scoreOf[a] === null || self.scoreOf[a] >= LOW_BELOW) return;
        q.recommends.forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
      });
      if (!keys.length) return;
      any = true;
      box.appendChild(el("p", { text: fmt(S.recommend_for, { theme: t.label, score: shown(scores[t.id].score) }) }));
      var ul = el("ul", { className: "kc-scan__recommend", "data-theme-id": t.id });
      keys.forEach(function (k) {
        var inst = self.data.instruments[k];
        var inPlan = self.state.plan.some(function (p) { return p.key === k; });
        ul.appendChild(el("li", { "data-instrument": k }, [
          el("a", { href: inst.url, text: inst.title }), " (" + inst.kind + ") ",
          el("button", { type: "button", className: "md-button", "data-scan-action": "plan-add", "data-key": k,
            "aria-label": (inPlan ? S.plan_added : S.plan_add) + ": " + inst.title, disabled: inPlan,
            text: inPlan ? S.plan_added : S.plan_add }),
        ]));
      });
      box.appendChild(ul);
    });
    if (!any) box.appendChild(el("p", { text: S.recommend_none }));
  };

  Scan.prototype.renderPlan = function () {
    var S = this.S, self = this;
    var body = this.q("[data-scan-plan-body]");
    body.textContent = "";
    this.q("[data-scan-plan-empty]").textContent = this.state.plan.length ? "" : S.plan_empty;
    this.q("[data-scan-plan-wrap]").hidden = !this.state.plan.length;
    this.state.plan.forEach(function (p, i) {
      var inst = self.data.instruments[p.key];
      var ownerId = "kc-scan-plan-owner-" + i, dueId = "kc-scan-plan-due-" + i;
      var checkins = el("ul", { className: "kc-plan__checkins" });
      p.checkins.forEach(function (d, j) {
        var cid = "kc-scan-plan-checkin-" + i + "-" + j;
        checkins.appendChild(el("li", {}, [
          el("label", { className: "kc-visually-hidden", for: cid, text: fmt(S.plan_checkin_for, { n: j + 1 }) + " " + inst.title }),
          el("input", { type: "date", id: cid, value: d, "data-plan-field": "checkin", "data-plan-index": String(i), "data-checkin": String(j) }),
          el("button", { type: "button", className: "md-button", "data-scan-action": "checkin-remove", "data-plan-index": String(i),
            "data-checkin": String(j), "aria-label": S.plan_remove_checkin + ": " + fmt(S.plan_checkin_for, { n: j + 1 }) + " " + inst.title,
            text: S.plan_remove_checkin }),
        ]));
      });
      body.appendChild(el("tr", { "data-plan-key": p.key }, [
        el("th", { scope: "row" }, [el("a", { href: inst.url, text: inst.title }), " ",
          el("button", { type: "button", className: "md-button kc-no-print", "data-scan-action": "plan-remove",
            "data-plan-index": String(i), "aria-label": S.plan_remove + ": " + inst.title, text: S.plan_remove })]),
        el("td", {}, [el("label", { className: "kc-visually-hidden", for: ownerId, text: S.plan_owner_for + " " + inst.title }),
          el("input", { type: "text", id: ownerId, maxlength: String(LIMITS.owner), value: p.owner, "data-plan-field": "owner", "data-plan-index": String(i) })]),
        el("td", {}, [el("label", { className: "kc-visually-hidden", for: dueId, text: S.plan_due_for + " " + inst.title }),
          el("input", { type: "date", id: dueId, value: p.due, "data-plan-field": "due", "data-plan-index": String(i) })]),
        el("td", {}, [checkins, el("button", { type: "button", className: "md-button kc-no-print", "data-scan-action": "checkin-add",
          "data-plan-index": String(i), "aria-label": S.plan_add_checkin + ": " + inst.title, text: S.plan_add_checkin })]),
      ]));
    });
  };

  Scan.prototype.savedRuns = function () {
    var saved = this.state.saved;
    return this.state.runs.filter(function (r) { return saved[r.id]; })
      .sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
  };

  Scan.prototype.renderCompare = function () {
    var S = this.S, self = this, runs = this.savedRuns();
    var controls = this.q("[data-scan-compare-controls]"), table = this.q("[data-scan-compare-table]");
    this.q("[data-scan-compare-empty]").textContent = runs.length < 2 ? S.compare_need_two : "";
    controls.hidden = table.hidden = runs.length < 2;
    if (runs.length < 2) return;
    var a = this.q("[data-scan-compare-a]"), b = this.q("[data-scan-compare-b]");
    var keepA = a.value, keepB = b.value;
    [a, b].forEach(function (select) {
      select.textContent = "";
      runs.forEach(function (r) { select.appendChild(el("option", { value: r.id, text: self.runLabel(r) })); });
    });
    a.value = runs.some(function (r) { return r.id === keepA; }) ? keepA : runs[runs.length - 2].id;
    b.value = runs.some(function (r) { return r.id === keepB; }) ? keepB : runs[runs.length - 1].id;
    var ra = this.run(a.value), rb = this.run(b.value);
    this.q("[data-scan-compare-head-a]").textContent = this.runLabel(ra);
    this.q("[data-scan-compare-head-b]").textContent = this.runLabel(rb);
    var sa = this.scores(ra), sb = this.scores(rb), body = this.q("[data-scan-compare-body]");
    body.textContent = "";
    this.data.themes.forEach(function (t) {
      var x = shown(sa[t.id].score), y = shown(sb[t.id].score);
      var change = x === null || y === null ? null : y - x;
      body.appendChild(el("tr", { "data-theme-id": t.id, "data-change": change === null ? "" : String(change) }, [
        el("th", { scope: "row", text: t.label }),
        el("td", { text: x === null ? S.no_score : String(x) }),
        el("td", { text: y === null ? S.no_score : String(y) }),
        el("td", { text: change === null ? "—" : (change > 0 ? "+" : change < 0 ? "−" : "") + Math.abs(change) }),
      ]));
    });
  };

  /** Disclosure id -> "supported" | "open" (same rule as vsme_status in model/scan.py; unmapped ones are open). */
  Scan.prototype.vsmeStatus = function () {
    var self = this, answers = this.current().answers, status = {};
    this.data.themes.forEach(function (t) {
      t.questions.forEach(function (q) {
        q.vsme.forEach(function (code) {
          var a = answers[q.id];
          if (a === "not-applicable") { if (!has(status, code)) status[code] = "na"; return; }
          var score = has(self.scoreOf, a || "") ? self.scoreOf[a] : null;
          var ok = score !== null && score >= SUPPORTED_FROM;
          var prev = has(status, code) ? status[code] : "na";
          status[code] = ok && (prev === "na" || prev === "supported") ? "supported" : "open";
        });
      });
    });
    var out = {};
    this.data.vsme.forEach(function (d) { out[d.id] = status[d.id] === "supported" ? "supported" : "open"; });
    return out;
  };

  Scan.prototype.renderVsme = function () {
    var body = this.q("[data-scan-vsme-body]");
    if (!body) return;
    var S = this.S, status = this.vsmeStatus();
    body.textContent = "";
    this.data.vsme.forEach(function (d) {
      body.appendChild(el("tr", { "data-vsme": d.id, "data-status": status[d.id] }, [
        el("th", { scope: "row", text: d.id }), el("td", { text: d.label }),
        el("td", { text: status[d.id] === "supported" ? S.status_supported : S.status_open }),
      ]));
    });
  };

  // ---------------------------------------------------------------- exports

  Scan.prototype.fileBase = function (kind) {
    var run = this.current();
    return [kind, this.data.id.split("/").pop(), run.date].join("-");
  };

  Scan.prototype.exportJson = function () {
    download(this.fileBase(this.S.file_scan) + ".json", JSON.stringify(this.payload(), null, 2) + "\n", "application/json");
  };

  Scan.prototype.exportCsv = function () {
    var rows = [["run_id", "run_name", "run_date", "theme", "question", "answer", "text"]];
    var self = this;
    this.state.runs.forEach(function (r) {
      self.data.themes.forEach(function (t) {
        t.questions.forEach(function (q) {
          rows.push([r.id, r.name, r.date, t.id, q.id, has(r.answers, q.id) ? r.answers[q.id] : "", q.text]);
        });
      });
    });
    download(this.fileBase(this.S.file_scan) + ".csv", window.kcChecklist.csvText(rows), "text/csv;charset=utf-8");
  };

  Scan.prototype.exportPlanCsv = function () {
    var S = this.S, self = this;
    var rows = [[S.csv_action, S.csv_link, S.csv_owner, S.csv_due, S.csv_checkins]];
    this.state.plan.forEach(function (p) {
      var inst = self.data.instruments[p.key];
      rows.push([inst.title, new URL(inst.url, window.location.href).href, p.owner, p.due,
        p.checkins.filter(isDate).join(" ")]);
    });
    download(this.fileBase(S.file_plan) + ".csv", window.kcChecklist.csvText(rows), "text/csv;charset=utf-8");
  };

  Scan.prototype.exportIcs = function () {
    var S = this.S, self = this, kit = window.kcChecklist, events = [];
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
    function nextDay(iso) {
      var m = DATE_RE.exec(iso);
      return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + 1)).toISOString().slice(0, 10);
    }
    this.state.plan.forEach(function (p, i) {
      var inst = self.data.instruments[p.key];
      var dates = [];
      if (isDate(p.due)) dates.push([p.due, fmt(S.ics_due, { title: inst.title }), "due"]);
      p.checkins.forEach(function (d, j) { if (isDate(d)) dates.push([d, fmt(S.ics_checkin, { title: inst.title }), "c" + j]); });
      dates.forEach(function (x) {
        events.push(["BEGIN:VEVENT", "UID:" + self.data.id.replace(/[^a-z0-9]+/g, "-") + "-" + i + "-" + x[2] + "-" + x[0] + "@kenniscentrum-mvo",
          "DTSTAMP:" + stamp, "DTSTART;VALUE=DATE:" + x[0].replace(/-/g, ""), "DTEND;VALUE=DATE:" + nextDay(x[0]).replace(/-/g, ""),
          "SUMMARY:" + kit.icsEscape(x[1]), "URL:" + new URL(inst.url, window.location.href).href, "END:VEVENT"]);
      });
    });
    if (!events.length) { this.alert(S.plan_none_for_ics); return; }
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kenniscentrum MVO//MVO-scan//" + this.data.lang.toUpperCase(),
      "CALSCALE:GREGORIAN"];
    events.forEach(function (e) { lines.push.apply(lines, e); });
    lines.push("END:VCALENDAR");
    download(this.fileBase(S.file_plan) + ".ics", lines.map(kit.icsFold).join("\r\n") + "\r\n", "text/calendar;charset=utf-8");
  };

  Scan.prototype.exportVsmeCsv = function () {
    var S = this.S, status = this.vsmeStatus();
    var rows = [[S.csv_vsme_id, S.csv_vsme_label, S.csv_vsme_status]];
    this.data.vsme.forEach(function (d) {
      rows.push([d.id, d.label, status[d.id] === "supported" ? S.status_supported : S.status_open]);
    });
    download(this.fileBase(S.file_vsme) + ".csv", window.kcChecklist.csvText(rows), "text/csv;charset=utf-8");
  };

  // ---------------------------------------------------------------- dialogs and events

  Scan.prototype.askConfirm = function (text, action) {
    var box = this.q("[data-scan-confirm]");
    this.confirmAction = action;
    this.q("[data-scan-confirm-text]").textContent = text;
    box.hidden = false;
    this.q("[data-scan-confirm-text]").focus();
  };
  Scan.prototype.closeConfirm = function () {
    this.q("[data-scan-confirm]").hidden = true;
    this.confirmAction = null;
  };

  Scan.prototype.openNameForm = function () {
    var form = this.q("[data-scan-name-form]"), input = this.q("#kc-scan-run-name");
    form.hidden = false;
    input.value = fmt(this.S.default_run, { year: today().slice(0, 4) });
    this.q("[data-scan-name-error]").textContent = "";
    input.removeAttribute("aria-invalid");
    input.focus();
    input.select();
  };

  Scan.prototype.submitName = function () {
    var S = this.S, input = this.q("#kc-scan-run-name"), name = input.value.trim(), error = "";
    if (!name) error = S.name_required;
    else if (this.state.runs.some(function (r) { return r.name.toLocaleLowerCase() === name.toLocaleLowerCase(); })) {
      error = fmt(S.name_taken, { name: name });
    }
    if (error) {
      this.q("[data-scan-name-error]").textContent = error;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    var run = this.freshRun(name.slice(0, LIMITS.name));
    this.state.runs.push(run);
    this.state.current = run.id;
    this.q("[data-scan-name-form]").hidden = true;
    this.save();
    this.render();
    this.say(fmt(S.run_created, { name: run.name }));
    this.q("[data-scan-run-select]").focus();
  };

  Scan.prototype.deleteRun = function () {
    var run = this.current(), S = this.S;
    this.state.runs = this.state.runs.filter(function (r) { return r.id !== run.id; });
    if (!this.state.runs.length) this.state.runs.push(this.freshRun());
    this.state.current = this.state.runs[this.state.runs.length - 1].id;
    this.save();
    this.render();
    this.say(fmt(S.run_deleted, { name: run.name }));
  };

  Scan.prototype.deleteAll = function () {
    if (this.storage) {
      var remove = [];
      for (var i = 0; i < this.storage.length; i++) {
        var k = this.storage.key(i);
        if (k === this.key || (k && k.indexOf(this.key + ":") === 0)) remove.push(k);
      }
      var storage = this.storage;
      remove.forEach(function (k) { storage.removeItem(k); });
    }
    this.state = this.freshState();
    this.dirty = false;
    this.q("[data-scan-results]").hidden = true;
    this.render();
    this.say(this.S.deleted_all);
  };

  Scan.prototype.onClick = function (event) {
    var button = event.target.closest("[data-scan-action]");
    if (!button || !this.root.contains(button)) return;
    var S = this.S, self = this, i = +button.getAttribute("data-plan-index");
    switch (button.getAttribute("data-scan-action")) {
      case "save": this.save(); break;
      case "results":
        this.renderResults();
        this.q("#kc-scan-results-title").focus();
        break;
      case "run-new": this.openNameForm(); break;
      case "name-cancel": this.q("[data-scan-name-form]").hidden = true; break;
      case "run-delete":
        this.askConfirm(fmt(S.confirm_delete_run, { name: this.current().name }), function () { self.deleteRun(); });
        break;
      case "delete-all": this.askConfirm(S.confirm_delete_all, function () { self.deleteAll(); }); break;
      case "confirm-yes": { var action = this.confirmAction; this.closeConfirm(); if (action) action(); break; }
      case "confirm-no": this.closeConfirm(); break;
      case "export-json": this.exportJson(); break;
      case "export-csv": this.exportCsv(); break;
      case "print": window.print(); break;
      case "plan-add": {
        var key = button.getAttribute("data-key");
        if (!has(this.data.instruments, key) || this.state.plan.some(function (p) { return p.key === key; })) break;
        this.state.plan.push({ key: key, owner: "", due: "", checkins: [] });
        this.markDirty();
        this.renderPlan();
        this.renderResults();
        this.say(fmt(S.plan_added_say, { title: this.data.instruments[key].title }));
        var first = this.root.querySelector('tr[data-plan-key="' + key + '"] input');
        if (first) first.focus();
        break;
      }
      case "plan-remove":
        this.state.plan.splice(i, 1);
        this.markDirty();
        this.renderPlan();
        if (!this.q("[data-scan-results]").hidden) this.renderResults();
        this.q("#kc-scan-plan-title").setAttribute("tabindex", "-1");
        this.q("#kc-scan-plan-title").focus();
        break;
      case "checkin-add":
        if (this.state.plan[i].checkins.length >= LIMITS.checkins) break;
        this.state.plan[i].checkins.push("");
        this.markDirty();
        this.renderPlan();
        var inputs = this.root.querySelectorAll('input[data-plan-field="checkin"][data-plan-index="' + i + '"]');
        if (inputs.length) inputs[inputs.length - 1].focus();
        break;
      case "checkin-remove":
        this.state.plan[i].checkins.splice(+button.getAttribute("data-checkin"), 1);
        this.markDirty();
        this.renderPlan();
        break;
      case "plan-csv": this.exportPlanCsv(); break;
      case "plan-ics": this.exportIcs(); break;
      case "vsme-csv": this.exportVsmeCsv(); break;
      default: break;
    }
  };

  Scan.prototype.onChange = function (event) {
    var target = event.target;
    if (target.matches("[data-scan-form] input[type=radio]")) {
      var qid = target.name.slice(2);
      if (!has(this.questions, qid) || !has(this.scoreOf, target.value)) return;
      this.current().answers[qid] = target.value;
      this.markDirty();
      this.renderProgress();
      this.renderVsme();
      if (!this.q("[data-scan-results]").hidden) this.renderResults();
    } else if (target.matches("[data-scan-run-select]")) {
      this.state.current = target.value;
      this.renderAnswers();
      this.renderProgress();
      this.renderVsme();
      if (!this.q("[data-scan-results]").hidden) this.renderResults();
      this.say(fmt(this.S.run_switched, { name: this.current().name }));
    } else if (target.matches("[data-scan-compare-a], [data-scan-compare-b]")) {
      this.renderCompare();
    } else if (target.matches("[data-plan-field]")) {
      var p = this.state.plan[+target.getAttribute("data-plan-index")];
      if (!p) return;
      var field = target.getAttribute("data-plan-field");
      if (field === "owner") p.owner = target.value.slice(0, LIMITS.owner);
      else if (field === "due") p.due = isDate(target.value) ? target.value : "";
      else p.checkins[+target.getAttribute("data-checkin")] = isDate(target.value) ? target.value : "";
      this.markDirty();
    } else if (target.matches("[data-scan-import]")) {
      var file = target.files && target.files[0];
      if (file) this.importFile(file).then(function () { target.value = ""; });
    }
  };

  Scan.prototype.start = function () {
    var self = this, root = this.root;
    this.load();
    root.classList.add("kc-js");
    root.addEventListener("click", function (e) { self.onClick(e); });
    root.addEventListener("change", function (e) { self.onChange(e); });
    root.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      if (!self.q("[data-scan-name-form]").hidden) { self.q("[data-scan-name-form]").hidden = true; }
      else if (!self.q("[data-scan-confirm]").hidden) { self.closeConfirm(); }
    });
    this.q("[data-scan-name-form]").addEventListener("submit", function (e) { e.preventDefault(); self.submitName(); });
    this.q("[data-scan-form]").addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("beforeunload", function (e) {
      if (self.dirty) { e.preventDefault(); e.returnValue = ""; }
    });
    this.render();
    if (!this.storage) this.alert(this.S.storage_unavailable);
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kc-scan]"), function (root) {
      if (root.hasAttribute("data-kc-ready")) return;
      root.setAttribute("data-kc-ready", "");
      try {
        new Scan(root).start();
      } catch (e) {
        // Leave the plain, printable questionnaire in place rather than half a tool.
        root.classList.remove("kc-js");
        if (window.console) window.console.error("kenniscentrum scan:", e);
      }
    });
  }

  // Exposed for tests: the pure scoring function only.
  window.kcScan = { themeScores: themeScores };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
