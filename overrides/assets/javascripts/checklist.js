/* Kenniscentrum MVO — checklists and worksheets as working tools in the browser.
 *
 * Progressive enhancement of the server-rendered form in partials/kc/checklist.html and worksheet.html:
 * named sessions saved in localStorage (one key per instrument, several sessions side by side), progress,
 * export/import as JSON and CSV, and for checklists an action plan exported as CSV and as an iCalendar file.
 * Nothing leaves the browser: no network requests, downloads are Blobs made here.
 * Interface strings come from the JSON data island rendered by the template (not executed, so CSP-safe).
 * Storage and file formats are described in docs/checklists.md.
 */
(function () {
  "use strict";

  var FORMAT_PREFIX = "kenniscentrum-mvo/";
  var VERSION = 1;
  var STORAGE_PREFIX = "kc-tool:v1:";
  var ID_RE = /^[a-z0-9][a-z0-9-]*$/;
  var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  var STATUSES = ["done", "na", "open"];
  var LIMITS = { name: 80, note: 5000, text: 2000, owner: 200, entries: 2000, checkins: 50, fileKb: 1024, sessions: 200,
    id: 100, title: 300, echo: 80 };
  // An ISO 8601 date and time as the tool writes them (2027-01-12T15:30:00Z; offsets and fractions accepted).
  var DATETIME_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
  var SESSION_ID_RE = /^[A-Za-z0-9_-]{1,40}$/;
  // Control characters (C0 but tab, line feed and carriage return; DEL; C1): never stored from an import, never
  // exported (RFC 5545 forbids them in .ics text; spreadsheet programs and other tools choke on them).
  var CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

  // ---------------------------------------------------------------- small helpers

  function fmt(template, vars) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, key) {
      return vars && Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : whole;
    });
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  function isDate(value) {
    var m = DATE_RE.exec(value);
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  function isDateTime(value) {
    var m = typeof value === "string" ? DATETIME_RE.exec(value) : null;
    return !!m && isDate(m[1]);
  }

  function isId(value) {
    return typeof value === "string" && value.length <= LIMITS.id && ID_RE.test(value);
  }

  function clean(value) {
    return String(value).replace(CONTROL_RE, "");
  }

  // A value from a file, as a message may repeat it: no control characters, one line, at most LIMITS.echo characters
  // (a hostile file must not fill the page with 900 000 characters of its own).
  function shown(value) {
    var s = clean(String(value).slice(0, LIMITS.echo * 4)).replace(/\s+/g, " ");
    var chars = Array.from(s);
    return chars.length > LIMITS.echo ? chars.slice(0, LIMITS.echo - 1).join("") + "\u2026" : s;
  }

  function nowIso() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  function newId() {
    return "s" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function slug(text) {
    var s = String(text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    return s.slice(0, 60).replace(/-+$/, "");
  }

  function textOf(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

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

  function download(filename, text, mime) {
    var blob = new Blob([text], { type: mime });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: filename, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }

  // ---------------------------------------------------------------- CSV (RFC 4180 with ";"; reads "," or ";")

  function csvCell(value) {
    var s = value === null || value === undefined ? "" : clean(value);
    // A cell starting with = + - @ is a formula in spreadsheet programs: neutralise it (undone on import).
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return '"' + s.replace(/"/g, '""') + '"';
  }

  function csvText(rows) {
    // Semicolons: Excel with Belgian or Dutch settings splits a CSV on ";" (the list separator where "," is the
    // decimal comma) and puts a comma-separated file in one column. Every cell is quoted, so a ";" in a note is safe;
    // the importer reads either separator. UTF-8 byte order mark so spreadsheet programs read accents correctly;
    // CRLF line ends as RFC 4180 asks.
    return "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(";"); }).join("\r\n") + "\r\n";
  }

  function csvUnguard(value) {
    return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
  }

  function CsvError(key, vars) {
    this.key = key;
    this.vars = vars || {};
  }

  function parseCsv(text) {
    text = text.replace(/^\ufeff/, "");
    var firstLine = text.split(/\r\n|\n|\r/, 1)[0] || "";
    var delim = firstLine.split(";").length > firstLine.split(",").length ? ";" : ",";
    var rows = [];
    var row = [];
    var field = "";
    var quoted = false;
    var line = 1;
    var rowLine = 1;
    var quoteLine = 1;
    var i = 0;
    function endRow() {
      row.push(field);
      if (!(row.length === 1 && row[0] === "")) rows.push({ line: rowLine, cells: row });
      row = [];
      field = "";
    }
    while (i < text.length) {
      var c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          quoted = false; i += 1; continue;
        }
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line += 1;
        field += c; i += 1; continue;
      }
      if (c === '"' && field === "") { quoted = true; quoteLine = line; i += 1; continue; }
      if (c === delim) { row.push(field); field = ""; i += 1; continue; }
      if (c === "\r" || c === "\n") {
        endRow();
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line += 1;
        rowLine = line;
        continue;
      }
      field += c; i += 1;
    }
    if (quoted) throw new CsvError("err_csv_quote", { line: quoteLine });
    if (field !== "" || row.length) endRow();
    return rows;
  }

  // ---------------------------------------------------------------- iCalendar (RFC 5545)

  function icsEscape(value) {
    return clean(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
  }

  var encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : null;

  function octets(ch) {
    return encoder ? encoder.encode(ch).length : unescape(encodeURIComponent(ch)).length;
  }

  // Lines longer than 75 octets are folded: CRLF followed by one space, never inside a UTF-8 sequence.
  function icsFold(line) {
    var parts = [];
    var current = "";
    var size = 0;
    for (var ch of line) {
      var n = octets(ch);
      if (size + n > 75) {
        parts.push(current);
        current = " ";
        size = 1;
      }
      current += ch;
      size += n;
    }
    parts.push(current);
    return parts.join("\r\n");
  }

  function icsDate(iso) {
    return iso.replace(/-/g, "");
  }

  function nextDay(iso) {
    var m = DATE_RE.exec(iso);
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + 1));
    return d.toISOString().slice(0, 10);
  }

  function icsStamp(date) {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
  }

  // ---------------------------------------------------------------- storage

  function Store(key) {
    this.key = key;
    this.available = true;
    this.problem = null;
    try {
      var probe = key + ":probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
    } catch (e) {
      this.available = false;
    }
  }

  Store.prototype.read = function () {
    if (!this.available) return null;
    var raw = window.localStorage.getItem(this.key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch (e) {
      // Never overwrite what we cannot read: keep it next to the new state.
      this.backup(raw);
      return null;
    }
  };

  Store.prototype.backup = function (data) {
    try {
      window.localStorage.setItem(this.key + ":unreadable:" + Date.now(),
        typeof data === "string" ? data : JSON.stringify(data));
    } catch (e) {
      /* nothing more we can do */
    }
  };

  // False when the browser refuses to store (storage full: QuotaExceededError); the error is kept in this.problem.
  // localStorage.setItem either stores the whole value or nothing, so a refused write leaves storage as it was.
  Store.prototype.write = function (data) {
    if (!this.available) return true;
    try {
      window.localStorage.setItem(this.key, JSON.stringify(data));
      this.problem = null;
      return true;
    } catch (e) {
      this.problem = e;
      return false;
    }
  };

  // ---------------------------------------------------------------- the tool

  function Tool(root) {
    var island = root.querySelector("script[data-kc-data]");
    var data = JSON.parse(island.textContent);
    this.root = root;
    this.kind = data.kind; // "checklist" | "worksheet"
    this.id = data.id;
    this.lang = data.lang;
    this.title = data.title;
    this.S = data.strings;
    this.printLabel = data.print || { session: "", date: "" };
    this.entriesKey = this.kind === "checklist" ? "items" : "fields";
    this.store = new Store(STORAGE_PREFIX + this.kind + ":" + this.id);
    this.q = function (sel) { return root.querySelector(sel); };
    this.entries = this.collectEntries();
    this.byId = {};
    var self = this;
    this.entries.forEach(function (entry) { self.byId[entry.id] = entry; });
    this.confirmAction = null;
    this.nameMode = null;
    this.returnFocus = null;
  }

  Tool.prototype.collectEntries = function () {
    var kind = this.kind;
    var selector = kind === "checklist" ? "[data-item-id]" : "[data-field-id]";
    return Array.prototype.map.call(this.root.querySelectorAll(selector), function (node) {
      var section = node.closest("[data-section-id]");
      var entry = {
        id: kind === "checklist" ? node.getAttribute("data-item-id") : node.getAttribute("data-field-id"),
        node: node,
        sectionId: section ? section.getAttribute("data-section-id") : "",
        sectionTitle: section ? textOf(section.querySelector("legend")) : "",
        printValue: node.querySelector("[data-kc-print-value]"),
      };
      if (kind === "checklist") {
        entry.done = node.querySelector("[data-kc-done]");
        entry.na = node.querySelector("[data-kc-na]");
        entry.note = node.querySelector("[data-kc-note]");
        entry.text = textOf(node.querySelector(".kc-item__text"));
      } else {
        entry.value = node.querySelector("[data-kc-value]");
        entry.text = textOf(node.querySelector(".kc-field__label"));
      }
      return entry;
    });
  };

  // ---- state

  Tool.prototype.emptySession = function (name) {
    var session = { id: newId(), name: name, created: nowIso(), updated: nowIso() };
    session[this.entriesKey] = {};
    if (this.kind === "checklist") session.actions = {};
    return session;
  };

  Tool.prototype.freshState = function () {
    var session = this.emptySession(this.S.default_session);
    return { version: VERSION, kind: this.kind, id: this.id, current: session.id, sessions: [session] };
  };

  // Whatever is in storage is checked like an import: bad parts are left out of the working copy, never deleted.
  Tool.prototype.load = function () {
    var raw = this.store.read();
    var state = null;
    if (isObject(raw) && Array.isArray(raw.sessions)) {
      var self = this;
      var sessions = [];
      var dropped = false;
      raw.sessions.forEach(function (s) {
        var result = isObject(s) && typeof s.id === "string" && typeof s.name === "string"
          ? self.validateSession(s, { session: { id: s.id, name: s.name, created: s.created, updated: s.updated } })
          : {};
        if (result.session) sessions.push(result.session);
        else dropped = true;
      });
      if (dropped) this.store.backup(raw);
      if (sessions.length) {
        state = { version: VERSION, kind: this.kind, id: this.id, sessions: sessions, current: raw.current };
        if (!sessions.some(function (s) { return s.id === raw.current; })) state.current = sessions[0].id;
      }
    }
    this.state = state || this.freshState();
  };

  Tool.prototype.save = function () {
    var session = this.session();
    session.updated = nowIso();
    if (!this.store.write(this.state)) {
      this.alert(this.S.storage_full);
      return false;
    }
    return true;
  };

  Tool.prototype.session = function () {
    var current = this.state.current;
    var found = this.state.sessions.filter(function (s) { return s.id === current; })[0];
    if (!found) {
      found = this.state.sessions[0];
      this.state.current = found.id;
    }
    return found;
  };

  Tool.prototype.entryState = function (id) {
    var bag = this.session()[this.entriesKey];
    return has(bag, id) ? bag[id] : null;
  };

  Tool.prototype.status = function (id) {
    var st = this.entryState(id);
    return st && st.status ? st.status : "open";
  };

  Tool.prototype.setEntry = function (entry, patch) {
    var bag = this.session()[this.entriesKey];
    var current = has(bag, entry.id) ? bag[entry.id] : {};
    var next = Object.assign({}, current, patch);
    if (this.kind === "checklist") {
      next.text = entry.text; // last known text, for the "removed items" notice
      if ((next.status || "open") === "open" && !next.note) delete bag[entry.id];
      else bag[entry.id] = { status: next.status || "open", note: next.note || "", text: next.text };
    } else {
      next.label = entry.text;
      if (!next.value) delete bag[entry.id];
      else bag[entry.id] = { value: next.value, label: next.label };
    }
    this.save();
  };

  Tool.prototype.orphans = function () {
    var self = this;
    var session = this.session();
    var ids = Object.keys(session[this.entriesKey]);
    if (session.actions) {
      Object.keys(session.actions).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); });
    }
    return ids.filter(function (id) { return !has(self.byId, id); }).sort();
  };

  Tool.prototype.uniqueName = function (name, exceptId) {
    var taken = this.state.sessions
      .filter(function (s) { return s.id !== exceptId; })
      .map(function (s) { return s.name.trim().toLocaleLowerCase(); });
    if (taken.indexOf(name.trim().toLocaleLowerCase()) < 0) return name;
    for (var n = 2; ; n += 1) {
      var candidate = name + " (" + n + ")";
      if (taken.indexOf(candidate.toLocaleLowerCase()) < 0) return candidate;
    }
  };

  // ---- messages

  Tool.prototype.say = function (message) {
    var status = this.q("[data-kc-status]");
    status.textContent = "";
    // A fresh text node so that the same message twice is announced twice.
    window.setTimeout(function () { status.textContent = message; }, 30);
    this.q("[data-kc-alert]").textContent = "";
  };

  Tool.prototype.alert = function (message) {
    this.q("[data-kc-alert]").textContent = message;
  };

  // ---- rendering

  Tool.prototype.render = function () {
    this.renderSessions();
    this.renderEntries();
    this.renderProgress();
    this.renderRemoved();
    this.renderPlan();
    this.renderPrintMeta();
  };

  Tool.prototype.renderSessions = function () {
    var select = this.q("[data-kc-session-select]");
    var current = this.state.current;
    select.textContent = "";
    this.state.sessions.forEach(function (s) {
      var option = el("option", { value: s.id, text: s.name });
      if (s.id === current) option.selected = true;
      select.appendChild(option);
    });
  };

  Tool.prototype.renderEntries = function () {
    var self = this;
    this.entries.forEach(function (entry) {
      var st = self.entryState(entry.id) || {};
      if (self.kind === "checklist") {
        var status = st.status || "open";
        entry.done.checked = status === "done";
        entry.na.checked = status === "na";
        if (entry.note.value !== (st.note || "")) entry.note.value = st.note || "";
        entry.node.setAttribute("data-status", status);
        entry.printValue.textContent = st.note || "";
      } else {
        if (entry.value.value !== (st.value || "")) entry.value.value = st.value || "";
        entry.printValue.textContent = st.value || "";
        entry.node.toggleAttribute("data-filled", !!st.value);
      }
    });
  };

  Tool.prototype.counts = function (entries) {
    var self = this;
    var c = { total: entries.length, done: 0, na: 0, filled: 0 };
    entries.forEach(function (entry) {
      if (self.kind === "checklist") {
        var status = self.status(entry.id);
        if (status === "done") c.done += 1;
        if (status === "na") c.na += 1;
      } else if ((self.entryState(entry.id) || {}).value) {
        c.filled += 1;
      }
    });
    return c;
  };

  Tool.prototype.progressText = function (c) {
    if (this.kind === "worksheet") return fmt(this.S.filled, { filled: c.filled, total: c.total });
    var applicable = c.total - c.na;
    if (c.total > 0 && applicable === 0) return this.S.progress_all_na;
    return fmt(c.na ? this.S.progress_na : this.S.progress, { done: c.done, applicable: applicable, na: c.na });
  };

  Tool.prototype.setProgress = function (container, c) {
    if (!container) return;
    var bar = container.querySelector("[data-kc-progress]");
    var text = container.querySelector("[data-kc-progress-text]");
    var value, max;
    if (this.kind === "worksheet") {
      max = Math.max(c.total, 1); value = c.filled;
    } else {
      max = c.total - c.na; value = c.done;
      if (max <= 0) { max = 1; value = c.total > 0 ? 1 : 0; }
    }
    bar.max = max;
    bar.value = value;
    var message = this.progressText(c);
    if (text.textContent !== message) text.textContent = message;
  };

  Tool.prototype.renderProgress = function () {
    var self = this;
    this.setProgress(this.q(".kc-progress--total"), this.counts(this.entries));
    Array.prototype.forEach.call(this.root.querySelectorAll("fieldset[data-section-id]"), function (fieldset) {
      var sid = fieldset.getAttribute("data-section-id");
      var entries = self.entries.filter(function (e) { return e.sectionId === sid; });
      self.setProgress(fieldset.querySelector(".kc-progress--section"), self.counts(entries));
    });
  };

  Tool.prototype.renderRemoved = function () {
    var self = this;
    var S = this.S;
    var box = this.q("[data-kc-removed]");
    var list = this.q("[data-kc-removed-list]");
    var orphans = this.orphans();
    list.textContent = "";
    box.hidden = orphans.length === 0;
    var session = this.session();
    orphans.forEach(function (id) {
      var st = session[self.entriesKey][id] || {};
      var li = el("li", { "data-removed-id": id });
      li.appendChild(el("code", { text: id }));
      var known = self.kind === "checklist" ? st.text : st.label;
      li.appendChild(document.createTextNode(known ? " — " + known : ""));
      var details = [];
      if (self.kind === "checklist") {
        if (st.status) details.push(S["removed_status_" + st.status] || st.status);
        if (st.note) details.push(fmt(S.removed_note, { note: st.note }));
        var action = (session.actions || {})[id];
        if (action) {
          if (action.owner) details.push(fmt(S.ics_owner, { owner: action.owner }));
          if (action.due) details.push(fmt(S.ics_due, { due: action.due }));
        }
      } else if (st.value) {
        details.push(st.value);
      }
      if (details.length) li.appendChild(document.createTextNode(" (" + details.join("; ") + ")"));
      list.appendChild(li);
    });
  };

  Tool.prototype.locale = function () {
    return this.lang === "nl" ? "nl-BE" : "en-GB";
  };

  Tool.prototype.formatDate = function (iso) {
    var m = DATE_RE.exec(iso || "");
    if (!m || !isDate(iso)) return "";
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
      .toLocaleDateString(this.locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  };

  Tool.prototype.renderPrintMeta = function () {
    var p = this.q("[data-kc-print-meta]");
    var today = new Date().toLocaleDateString(this.locale(), { day: "numeric", month: "long", year: "numeric" });
    p.textContent = this.printLabel.session + " " + this.session().name + " — " + this.printLabel.date + " " + today;
    p.hidden = false;
  };

  // ---- action plan (checklists)

  Tool.prototype.action = function (id) {
    var actions = this.session().actions;
    return has(actions, id) ? actions[id] : { owner: "", due: "", checkins: [] };
  };

  Tool.prototype.setAction = function (id, action) {
    var actions = this.session().actions;
    // An empty check-in the user just added ("") is kept, so its row survives until a date is picked.
    var clean = {
      owner: action.owner || "",
      due: action.due || "",
      checkins: (action.checkins || []).slice(0, LIMITS.checkins),
    };
    if (!clean.owner && !clean.due && !clean.checkins.length) delete actions[id];
    else actions[id] = clean;
    this.save();
  };

  Tool.prototype.openEntries = function () {
    var self = this;
    return this.entries.filter(function (e) { return self.status(e.id) === "open"; });
  };

  Tool.prototype.renderPlan = function () {
    if (this.kind !== "checklist") return;
    var S = this.S;
    var self = this;
    var body = this.q("[data-kc-plan-body]");
    var open = this.openEntries();
    var empty = this.q("[data-kc-plan-empty]");
    empty.textContent = S.plan_empty;
    empty.hidden = open.length > 0;
    this.q("[data-kc-plan-wrap]").hidden = open.length === 0;
    body.textContent = "";
    open.forEach(function (entry) {
      body.appendChild(self.planRow(entry));
    });
  };

  Tool.prototype.planRow = function (entry) {
    var S = this.S;
    var id = entry.id;
    var action = this.action(id);
    var ownerId = "kc-plan-owner-" + id;
    var dueId = "kc-plan-due-" + id;
    var head = el("th", { scope: "row" }, [
      el("span", { className: "kc-plan__section", text: entry.sectionTitle }),
      el("span", { className: "kc-plan__action", text: entry.text }),
    ]);
    var owner = el("td", { "data-kc-label": S.csv_owner }, [
      el("label", { className: "kc-visually-hidden", for: ownerId, text: S.plan_owner_for + " " + entry.text }),
      el("input", { type: "text", id: ownerId, maxlength: String(LIMITS.owner), autocomplete: "off",
        "data-kc-plan-field": "owner", "data-kc-plan-item": id, value: action.owner }),
      el("span", { className: "kc-print-value", "aria-hidden": "true", text: action.owner }),
    ]);
    var due = el("td", { "data-kc-label": S.csv_due }, [
      el("label", { className: "kc-visually-hidden", for: dueId, text: S.plan_due_for + " " + entry.text }),
      el("input", { type: "date", id: dueId, "data-kc-plan-field": "due", "data-kc-plan-item": id, value: action.due }),
      el("span", { className: "kc-print-value", "aria-hidden": "true", text: this.formatDate(action.due) }),
    ]);
    var self = this;
    var list = el("ul", { className: "kc-checkins" });
    action.checkins.forEach(function (date, index) {
      var n = index + 1;
      var inputId = "kc-plan-checkin-" + id + "-" + n;
      list.appendChild(el("li", {}, [
        el("label", { className: "kc-visually-hidden", for: inputId, text: fmt(S.plan_checkin_for, { n: n }) + " " + entry.text }),
        el("input", { type: "date", id: inputId, value: date, "data-kc-plan-field": "checkin",
          "data-kc-plan-item": id, "data-kc-index": String(index) }),
        el("span", { className: "kc-print-value", "aria-hidden": "true", text: self.formatDate(date) }),
        el("button", { type: "button", className: "md-button kc-button--small kc-no-print", "data-kc-action": "checkin-remove",
          "data-kc-plan-item": id, "data-kc-index": String(index),
          "aria-label": fmt(S.plan_remove_checkin_for, { n: n }) + " " + entry.text, text: S.plan_remove_checkin }),
      ]));
    });
    var checkins = el("td", { "data-kc-label": S.csv_checkins }, [
      action.checkins.length ? list : el("p", { className: "kc-plan__none", text: S.plan_no_checkins }),
      el("button", { type: "button", className: "md-button kc-button--small kc-no-print", "data-kc-action": "checkin-add",
        "data-kc-plan-item": id, "aria-label": S.plan_add_checkin_for + " " + entry.text, text: S.plan_add_checkin }),
    ]);
    return el("tr", { "data-plan-item": id }, [head, owner, due, checkins]);
  };

  Tool.prototype.replacePlanRow = function (id, focusSelector) {
    var row = this.root.querySelector('tr[data-plan-item="' + id + '"]');
    if (!row) return;
    var fresh = this.planRow(this.byId[id]);
    row.replaceWith(fresh);
    var target = focusSelector && fresh.querySelector(focusSelector);
    if (target) target.focus();
  };

  // ---- exports

  Tool.prototype.fileBase = function () {
    return [slug(this.title) || slug(this.id), slug(this.session().name)].filter(Boolean).join("-");
  };

  Tool.prototype.exportPayload = function () {
    var session = this.session();
    var payload = {
      format: FORMAT_PREFIX + this.kind,
      version: VERSION,
    };
    payload[this.kind] = this.id;
    payload.language = this.lang;
    payload.title = this.title;
    payload.exported = nowIso();
    payload.session = { id: session.id, name: session.name, created: session.created, updated: session.updated };
    payload[this.entriesKey] = JSON.parse(JSON.stringify(session[this.entriesKey]));
    if (this.kind === "checklist") payload.actions = JSON.parse(JSON.stringify(session.actions));
    return payload;
  };

  Tool.prototype.exportJson = function () {
    var name = this.fileBase() + ".json";
    var text = JSON.stringify(this.exportPayload(), function (key, value) {
      return typeof value === "string" ? clean(value) : value;
    }, 2);
    download(name, text + "\n", "application/json");
    this.say(fmt(this.S.exported, { file: name }));
  };

  Tool.prototype.csvRows = function () {
    var self = this;
    var session = this.session();
    var bag = session[this.entriesKey];
    var rows = [];
    var seen = {};
    var known = this.entries.map(function (e) { return { id: e.id, sectionId: e.sectionId, text: e.text }; });
    this.orphans().forEach(function (id) { known.push({ id: id, sectionId: "", text: null }); });
    if (this.kind === "checklist") {
      rows.push(["format_version", "checklist_id", "session", "section_id", "item_id", "status", "note", "owner", "due",
        "checkins", "text"]);
      known.forEach(function (k) {
        if (seen[k.id]) return;
        seen[k.id] = true;
        var st = bag[k.id] || {};
        var action = (session.actions || {})[k.id] || {};
        rows.push([VERSION, self.id, session.name, k.sectionId, k.id, st.status || "open", st.note || "",
          action.owner || "", action.due || "", (action.checkins || []).join(" "), k.text === null ? st.text || "" : k.text]);
      });
    } else {
      rows.push(["format_version", "worksheet_id", "session", "section_id", "field_id", "value", "label"]);
      known.forEach(function (k) {
        if (seen[k.id]) return;
        seen[k.id] = true;
        var st = bag[k.id] || {};
        rows.push([VERSION, self.id, session.name, k.sectionId, k.id, st.value || "", k.text === null ? st.label || "" : k.text]);
      });
    }
    return rows;
  };

  Tool.prototype.exportCsv = function () {
    var name = this.fileBase() + ".csv";
    download(name, csvText(this.csvRows()), "text/csv;charset=utf-8");
    this.say(fmt(this.S.exported, { file: name }));
  };

  Tool.prototype.exportPlanCsv = function () {
    var S = this.S;
    var self = this;
    var rows = [[S.csv_section, S.csv_action, S.csv_note, S.csv_owner, S.csv_due, S.csv_checkins]];
    this.openEntries().forEach(function (entry) {
      var st = self.entryState(entry.id) || {};
      var action = self.action(entry.id);
      rows.push([entry.sectionTitle, entry.text, st.note || "", action.owner, action.due,
        action.checkins.filter(isDate).join(" ")]);
    });
    var name = this.fileBase() + "-" + S.file_plan + ".csv";
    download(name, csvText(rows), "text/csv;charset=utf-8");
    this.say(fmt(S.exported, { file: name }));
  };

  Tool.prototype.icsText = function () {
    var S = this.S;
    var self = this;
    var session = this.session();
    var stamp = icsStamp(new Date());
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Kenniscentrum MVO//Checklist//" + this.lang.toUpperCase(),
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:" + icsEscape(this.title + " — " + session.name),
    ];
    var events = 0;
    this.openEntries().forEach(function (entry) {
      var st = self.entryState(entry.id) || {};
      var action = self.action(entry.id);
      var description = [fmt(S.ics_checklist, { title: self.title }), fmt(S.ics_session, { name: session.name })];
      if (action.owner) description.push(fmt(S.ics_owner, { owner: action.owner }));
      if (action.due) description.push(fmt(S.ics_due, { due: action.due }));
      if (st.note) description.push(fmt(S.ics_note, { note: st.note }));
      // One all-day event per check-in date and one for the action's deadline (its UID ends in ".due", so a
      // check-in on the deadline's date stays a separate event).
      function event(date, summary, uidTail) {
        lines.push(
          "BEGIN:VEVENT",
          "UID:" + [slug(self.id), session.id, entry.id, uidTail].join(".") + "@kenniscentrum-mvo",
          "DTSTAMP:" + stamp,
          "DTSTART;VALUE=DATE:" + icsDate(date),
          "DTEND;VALUE=DATE:" + icsDate(nextDay(date)),
          "SUMMARY;LANGUAGE=" + self.lang + ":" + icsEscape(fmt(summary, { action: entry.text })),
          "DESCRIPTION;LANGUAGE=" + self.lang + ":" + icsEscape(description.join("\n")),
          "TRANSP:TRANSPARENT",
          "END:VEVENT"
        );
        events += 1;
      }
      action.checkins.filter(function (d, i, all) { return isDate(d) && all.indexOf(d) === i; })
        .forEach(function (date) { event(date, S.ics_summary, icsDate(date)); });
      if (isDate(action.due)) event(action.due, S.ics_due_summary, icsDate(action.due) + ".due");
    });
    lines.push("END:VCALENDAR");
    return { text: lines.map(icsFold).join("\r\n") + "\r\n", events: events };
  };

  Tool.prototype.exportIcs = function () {
    var ics = this.icsText();
    if (!ics.events) {
      this.alert(this.S.plan_none_for_ics);
      return;
    }
    var name = this.fileBase() + "-" + this.S.file_calendar + ".ics";
    download(name, ics.text, "text/calendar;charset=utf-8");
    this.say(fmt(this.S.exported, { file: name }));
  };

  // ---- import

  // Checks a session payload (an import, or a session read back from storage). Returns {errors, session}; the
  // session is only built when there are no errors, so a bad file never changes anything.
  Tool.prototype.validateSession = function (payload, base) {
    var S = this.S;
    var errors = [];
    var self = this;
    function fail(where, what) { errors.push(fmt(S.err_field, { where: where, what: what })); }
    function text(where, value, max) {
      if (value === undefined || value === null) return "";
      if (typeof value !== "string") { fail(where, S.err_what_text); return ""; }
      if (value.length > max) { fail(where, fmt(S.err_what_long, { max: max })); return ""; }
      return clean(value);
    }
    function moment(where, value) {
      if (value === undefined) return nowIso();
      if (!isDateTime(value)) { fail(where, fmt(S.err_what_datetime, { value: shown(value) })); return nowIso(); }
      return value;
    }
    var key = this.entriesKey;
    var session = {
      id: base.session.id,
      name: base.session.name,
      created: moment("session.created", base.session.created),
      updated: moment("session.updated", base.session.updated),
    };
    session[key] = {};
    var bag = payload[key];
    if (bag === undefined) bag = {};
    if (!isObject(bag)) {
      fail(key, S.err_what_object);
    } else {
      var ids = Object.keys(bag);
      if (ids.length > LIMITS.entries) fail(key, fmt(S.err_what_many, { max: LIMITS.entries }));
      ids.slice(0, LIMITS.entries).forEach(function (id) {
        var where = key + "." + id;
        if (!isId(id)) { fail(key + ' "' + shown(id) + '"', S.err_what_id); return; }
        var v = bag[id];
        if (!isObject(v)) { fail(where, S.err_what_object); return; }
        if (self.kind === "checklist") {
          var status = v.status === undefined ? "open" : v.status;
          if (STATUSES.indexOf(status) < 0) fail(where + ".status", fmt(S.err_what_status, { value: shown(status) }));
          var note = text(where + ".note", v.note, LIMITS.note);
          var itemText = text(where + ".text", v.text, LIMITS.text);
          if (status !== "open" || note) session[key][id] = { status: status, note: note, text: itemText };
        } else {
          var value = text(where + ".value", v.value, LIMITS.note);
          var label = text(where + ".label", v.label, LIMITS.text);
          if (value) session[key][id] = { value: value, label: label };
        }
      });
    }
    if (this.kind === "checklist") {
      session.actions = {};
      var actions = payload.actions === undefined ? {} : payload.actions;
      if (!isObject(actions)) {
        fail("actions", S.err_what_object);
      } else {
        Object.keys(actions).slice(0, LIMITS.entries).forEach(function (id) {
          var where = "actions." + id;
          if (!isId(id)) { fail('actions "' + shown(id) + '"', S.err_what_id); return; }
          var a = actions[id];
          if (!isObject(a)) { fail(where, S.err_what_object); return; }
          var owner = text(where + ".owner", a.owner, LIMITS.owner);
          var due = text(where + ".due", a.due, 10);
          if (due && !isDate(due)) fail(where + ".due", fmt(S.err_what_date, { value: shown(due) }));
          var checkins = a.checkins === undefined ? [] : a.checkins;
          if (!Array.isArray(checkins)) { fail(where + ".checkins", S.err_what_list); checkins = []; }
          if (checkins.length > LIMITS.checkins) fail(where + ".checkins", fmt(S.err_what_many, { max: LIMITS.checkins }));
          checkins.forEach(function (d, i) {
            if (typeof d !== "string" || (d !== "" && !isDate(d))) {
              fail(where + ".checkins[" + i + "]", fmt(S.err_what_date, { value: shown(d) }));
            }
          });
          if (owner || due || checkins.length) session.actions[id] = { owner: owner, due: due, checkins: checkins.slice() };
        });
      }
    }
    return errors.length ? { errors: errors } : { errors: [], session: session };
  };

  Tool.prototype.validatePayload = function (payload) {
    var S = this.S;
    if (!isObject(payload) || typeof payload.format !== "string" || payload.format.indexOf(FORMAT_PREFIX) !== 0) {
      return { errors: [S.err_format] };
    }
    var kind = payload.format.slice(FORMAT_PREFIX.length);
    if (kind !== this.kind) return { errors: [fmt(S.err_kind, { found: shown(kind) })] };
    if (payload.version !== VERSION) {
      return { errors: [fmt(S.err_version, { found: shown(JSON.stringify(payload.version)), expected: VERSION })] };
    }
    if (payload[this.kind] !== this.id) {
      var found = typeof payload.title === "string" && payload.title
        ? shown(payload.title) + " — " + shown(payload[this.kind])
        : shown(payload[this.kind]);
      return { errors: [fmt(S.err_other_instrument, { found: found, expected: this.title + " — " + this.id })] };
    }
    var meta = payload.session === undefined ? {} : payload.session;
    var errors = [];
    function wrong(where, what) { errors.push(fmt(S.err_field, { where: where, what: what })); }
    // The descriptive fields are not used, but a file that has them wrong is not a file this tool wrote.
    if (payload.title !== undefined && (typeof payload.title !== "string" || payload.title.length > LIMITS.title)) {
      wrong("title", typeof payload.title === "string" ? fmt(S.err_what_long, { max: LIMITS.title }) : S.err_what_text);
    }
    if (payload.language !== undefined && ["nl", "en"].indexOf(payload.language) < 0) {
      wrong("language", fmt(S.err_what_language, { value: shown(JSON.stringify(payload.language)) }));
    }
    if (payload.exported !== undefined && !isDateTime(payload.exported)) {
      wrong("exported", fmt(S.err_what_datetime, { value: shown(payload.exported) }));
    }
    if (!isObject(meta)) {
      errors.push(fmt(S.err_field, { where: "session", what: S.err_what_object }));
      meta = {};
    }
    var name = meta.name;
    if (name !== undefined && typeof name !== "string") {
      wrong("session.name", S.err_what_text);
    } else if (typeof name === "string" && name.length > LIMITS.name) {
      wrong("session.name", fmt(S.err_what_long, { max: LIMITS.name }));
    }
    name = typeof name === "string" ? clean(name).replace(/\s+/g, " ").trim().slice(0, LIMITS.name) : "";
    if (meta.id !== undefined && !(typeof meta.id === "string" && SESSION_ID_RE.test(meta.id))) {
      wrong("session.id", S.err_what_session_id);
    }
    var result = this.validateSession(payload, { session: {
      id: typeof meta.id === "string" && SESSION_ID_RE.test(meta.id) ? meta.id : newId(),
      name: name || this.S.imported_session,
      created: meta.created,
      updated: meta.updated,
    } });
    errors = errors.concat(result.errors);
    return errors.length ? { errors: errors } : result;
  };

  // A session CSV becomes the same payload a JSON export would be, so both go through one validation.
  Tool.prototype.csvToPayload = function (text) {
    var rows = parseCsv(text);
    if (!rows.length) throw new CsvError("err_csv_empty");
    var header = rows[0].cells.map(function (h) { return h.trim().toLowerCase(); });
    var kindColumn = this.kind + "_id";
    var otherColumn = (this.kind === "checklist" ? "worksheet" : "checklist") + "_id";
    if (header.indexOf(kindColumn) < 0 && header.indexOf(otherColumn) >= 0) {
      return { format: FORMAT_PREFIX + (this.kind === "checklist" ? "worksheet" : "checklist") };
    }
    var entryColumn = this.kind === "checklist" ? "item_id" : "field_id";
    var required = this.kind === "checklist" ? [kindColumn, entryColumn, "status"] : [kindColumn, entryColumn, "value"];
    required.forEach(function (column) {
      if (header.indexOf(column) < 0) throw new CsvError("err_csv_header", { column: column });
    });
    var payload = { format: FORMAT_PREFIX + this.kind, version: VERSION, session: {} };
    payload[this.entriesKey] = {};
    if (this.kind === "checklist") payload.actions = {};
    var self = this;
    rows.slice(1).forEach(function (row) {
      if (row.cells.length !== header.length) {
        throw new CsvError("err_csv_columns", { line: row.line, found: row.cells.length, expected: header.length });
      }
      var r = {};
      header.forEach(function (h, i) { r[h] = csvUnguard(row.cells[i]); });
      if (has(r, "format_version")) {
        var v = r.format_version.trim();
        payload.version = /^\d+$/.test(v) ? parseInt(v, 10) : v;
      }
      if (payload[self.kind] === undefined || payload[self.kind] === self.id) payload[self.kind] = r[kindColumn].trim();
      if (r.session && !payload.session.name) payload.session.name = r.session;
      var id = r[entryColumn].trim();
      if (has(payload[self.entriesKey], id)) throw new CsvError("err_csv_duplicate", { line: row.line, id: shown(id) });
      if (self.kind === "checklist") {
        payload.items[id] = { status: r.status.trim() || "open", note: r.note || "", text: r.text || "" };
        var checkins = (r.checkins || "").split(/[\s,;]+/).filter(Boolean);
        if ((r.owner || "") || (r.due || "").trim() || checkins.length) {
          payload.actions[id] = { owner: r.owner || "", due: (r.due || "").trim(), checkins: checkins };
        }
      } else {
        payload.fields[id] = { value: r.value || "", label: r.label || "" };
      }
    });
    if (payload[this.kind] === undefined) payload[this.kind] = this.id;
    return payload;
  };

  Tool.prototype.importFile = function (file) {
    var S = this.S;
    var self = this;
    function refuse(reason) {
      self.alert(fmt(S.import_refused, { file: shown(file.name), reason: reason }));
    }
    if (file.size > LIMITS.fileKb * 1024) {
      refuse(fmt(S.err_too_large, { max: LIMITS.fileKb }));
      return Promise.resolve(false);
    }
    var lower = file.name.toLowerCase();
    return file.text().then(function (text) {
      var payload;
      var trimmed = text.replace(/^\ufeff/, "").trim();
      var isJson = /\.json$/.test(lower) || (!/\.csv$/.test(lower) && trimmed.charAt(0) === "{");
      var isCsv = /\.csv$/.test(lower) || (!isJson && trimmed.indexOf("_id") >= 0);
      if (!isJson && !isCsv) { refuse(S.err_type); return false; }
      try {
        payload = isJson ? JSON.parse(trimmed) : self.csvToPayload(text);
      } catch (e) {
        refuse(e instanceof CsvError ? fmt(S[e.key], e.vars) : S.err_json);
        return false;
      }
      var result = self.validatePayload(payload);
      if (result.errors.length) {
        var listed = result.errors.slice(0, 5);
        if (result.errors.length > 5) listed.push(fmt(S.err_more, { count: result.errors.length - 5 }));
        refuse(listed.join(" "));
        return false;
      }
      var session = result.session;
      if (self.state.sessions.some(function (s) { return s.id === session.id; })) session.id = newId();
      if (self.state.sessions.length >= LIMITS.sessions) { refuse(fmt(S.err_what_many, { max: LIMITS.sessions })); return false; }
      session.name = self.uniqueName(session.name);
      // Transactional: the import counts only once it is stored. When the browser refuses (storage full), the
      // session is taken out again, the previous session stays selected, and the reader is told why.
      var previous = self.state.current;
      self.state.sessions.push(session);
      self.state.current = session.id;
      if (!self.store.write(self.state)) {
        self.state.sessions.pop();
        self.state.current = previous;
        var problem = self.store.problem;
        var full = problem && (problem.name === "QuotaExceededError" || problem.name === "NS_ERROR_DOM_QUOTA_REACHED" ||
          problem.code === 22 || problem.code === 1014);
        refuse(full ? S.err_storage_full : fmt(S.err_storage, { detail: shown(problem && problem.name || problem) }));
        return false;
      }
      self.render();
      self.say(fmt(S.imported, { file: shown(file.name), name: session.name }));
      return true;
    }, function () {
      refuse(S.err_type);
      return false;
    });
  };

  // ---- session management

  Tool.prototype.openNameForm = function (mode, trigger) {
    var form = this.q("[data-kc-name-form]");
    var input = form.querySelector("input");
    this.closeConfirm(false);
    this.nameMode = mode;
    this.returnFocus = trigger || null;
    input.value = mode === "rename" ? this.session().name : "";
    this.q("[data-kc-name-error]").textContent = "";
    input.removeAttribute("aria-invalid");
    form.hidden = false;
    input.focus();
    if (mode === "rename") input.select();
  };

  Tool.prototype.closeNameForm = function (restoreFocus) {
    var form = this.q("[data-kc-name-form]");
    form.hidden = true;
    this.nameMode = null;
    if (restoreFocus !== false && this.returnFocus) this.returnFocus.focus();
    this.returnFocus = null;
  };

  Tool.prototype.submitName = function () {
    var S = this.S;
    var input = this.q("#kc-session-name");
    var error = this.q("[data-kc-name-error]");
    var name = input.value.replace(/\s+/g, " ").trim();
    var exceptId = this.nameMode === "rename" ? this.state.current : null;
    var problem = "";
    if (!name) problem = S.name_required;
    else if (name.length > LIMITS.name) problem = fmt(S.name_too_long, { max: LIMITS.name });
    else if (this.uniqueName(name, exceptId) !== name) problem = fmt(S.name_taken, { name: name });
    if (problem) {
      error.textContent = problem;
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    if (this.nameMode === "rename") {
      this.session().name = name;
      this.save();
      this.say(fmt(S.session_renamed, { name: name }));
    } else {
      var session = this.emptySession(name);
      this.state.sessions.push(session);
      this.state.current = session.id;
      this.save();
      this.say(fmt(S.session_created, { name: name }));
    }
    this.render();
    this.closeNameForm(false);
    this.q("[data-kc-session-select]").focus();
  };

  Tool.prototype.askConfirm = function (message, action, trigger) {
    this.closeNameForm(false);
    var box = this.q("[data-kc-confirm]");
    var text = this.q("[data-kc-confirm-text]");
    text.textContent = message;
    this.confirmAction = action;
    this.returnFocus = trigger || null;
    box.hidden = false;
    box.querySelector('[data-kc-action="confirm-no"]').focus();
  };

  Tool.prototype.closeConfirm = function (restoreFocus) {
    this.q("[data-kc-confirm]").hidden = true;
    this.confirmAction = null;
    if (restoreFocus !== false && this.returnFocus) this.returnFocus.focus();
    this.returnFocus = null;
  };

  Tool.prototype.deleteSession = function () {
    var session = this.session();
    var state = this.state;
    state.sessions = state.sessions.filter(function (s) { return s.id !== session.id; });
    if (!state.sessions.length) state.sessions.push(this.emptySession(this.S.default_session));
    state.current = state.sessions[0].id;
    this.save();
    this.render();
    this.say(fmt(this.S.session_deleted, { name: session.name }));
  };

  Tool.prototype.resetSession = function () {
    var session = this.session();
    var self = this;
    // Only what this page shows is cleared; answers to removed items stay until "forget" is used.
    this.entries.forEach(function (entry) {
      delete session[self.entriesKey][entry.id];
      if (session.actions) delete session.actions[entry.id];
    });
    this.save();
    this.render();
    this.say(fmt(this.S.session_reset, { name: session.name }));
  };

  Tool.prototype.forgetRemoved = function () {
    var session = this.session();
    var self = this;
    var orphans = this.orphans();
    orphans.forEach(function (id) {
      delete session[self.entriesKey][id];
      if (session.actions) delete session.actions[id];
    });
    this.save();
    this.render();
    this.say(fmt(this.S.forgot, { count: orphans.length }));
    this.q("[data-kc-session-select]").focus();
  };

  // ---- events

  Tool.prototype.onChange = function (event) {
    var target = event.target;
    var item = target.closest("[data-item-id]");
    if (this.kind === "checklist" && item && (target.hasAttribute("data-kc-done") || target.hasAttribute("data-kc-na"))) {
      var entry = this.byId[item.getAttribute("data-item-id")];
      var status = "open";
      if (target.hasAttribute("data-kc-done") && target.checked) { status = "done"; entry.na.checked = false; }
      else if (target.hasAttribute("data-kc-na") && target.checked) { status = "na"; entry.done.checked = false; }
      else if (entry.done.checked) status = "done";
      else if (entry.na.checked) status = "na";
      entry.node.setAttribute("data-status", status);
      this.setEntry(entry, { status: status, note: entry.note.value });
      this.renderProgress();
      this.renderPlan();
      return;
    }
    if (target.matches("[data-kc-session-select]")) {
      this.state.current = target.value;
      this.closeNameForm(false);
      this.closeConfirm(false);
      this.store.write(this.state);
      this.render();
      this.say(fmt(this.S.session_switched, { name: this.session().name }));
      return;
    }
    if (target.matches("[data-kc-import]")) {
      var file = target.files && target.files[0];
      if (file) {
        this.importFile(file).then(function () { target.value = ""; });
      }
      return;
    }
    if (target.matches("[data-kc-plan-field]")) this.onPlanInput(target);
  };

  Tool.prototype.onInput = function (event) {
    var target = event.target;
    if (target.hasAttribute("data-kc-note")) {
      var entry = this.byId[target.closest("[data-item-id]").getAttribute("data-item-id")];
      entry.printValue.textContent = target.value;
      this.setEntry(entry, { status: this.status(entry.id), note: target.value });
      this.renderRemoved();
    } else if (target.hasAttribute("data-kc-value")) {
      var field = this.byId[target.closest("[data-field-id]").getAttribute("data-field-id")];
      field.printValue.textContent = target.value;
      field.node.toggleAttribute("data-filled", !!target.value);
      this.setEntry(field, { value: target.value });
      this.renderProgress();
    } else if (target.matches("[data-kc-plan-field]")) {
      this.onPlanInput(target);
    }
  };

  Tool.prototype.onPlanInput = function (target) {
    var id = target.getAttribute("data-kc-plan-item");
    var action = JSON.parse(JSON.stringify(this.action(id)));
    var field = target.getAttribute("data-kc-plan-field");
    var mirror = target.parentNode.querySelector(".kc-print-value");
    var value = field === "owner" ? target.value : isDate(target.value) ? target.value : "";
    if (field === "owner") action.owner = value;
    else if (field === "due") action.due = value;
    else if (field === "checkin") action.checkins[+target.getAttribute("data-kc-index")] = value;
    if (mirror) mirror.textContent = field === "owner" ? value : this.formatDate(value);
    this.setAction(id, action);
  };

  Tool.prototype.onClick = function (event) {
    var button = event.target.closest("[data-kc-action]");
    if (!button || !this.root.contains(button)) return;
    var S = this.S;
    var self = this;
    var name = this.session().name;
    switch (button.getAttribute("data-kc-action")) {
      case "session-new": this.openNameForm("new", button); break;
      case "session-rename": this.openNameForm("rename", button); break;
      case "name-cancel": this.closeNameForm(); break;
      case "session-delete":
        this.askConfirm(fmt(S.confirm_delete, { name: name }), function () { self.deleteSession(); }, button);
        break;
      case "session-reset":
        this.askConfirm(fmt(this.kind === "checklist" ? S.confirm_reset : S.confirm_reset_worksheet, { name: name }),
          function () { self.resetSession(); }, button);
        break;
      case "confirm-yes": {
        var action = this.confirmAction;
        this.closeConfirm();
        if (action) action();
        break;
      }
      case "confirm-no": this.closeConfirm(); break;
      case "export-json": this.exportJson(); break;
      case "export-csv": this.exportCsv(); break;
      case "print": window.print(); break;
      case "forget-removed": this.forgetRemoved(); break;
      case "plan-csv": this.exportPlanCsv(); break;
      case "plan-ics": this.exportIcs(); break;
      case "checkin-add": {
        var id = button.getAttribute("data-kc-plan-item");
        var a = JSON.parse(JSON.stringify(this.action(id)));
        if (a.checkins.length >= LIMITS.checkins) break;
        a.checkins.push("");
        this.setAction(id, a);
        this.replacePlanRow(id, '[data-kc-plan-field="checkin"][data-kc-index="' + (a.checkins.length - 1) + '"]');
        break;
      }
      case "checkin-remove": {
        var rid = button.getAttribute("data-kc-plan-item");
        var ra = JSON.parse(JSON.stringify(this.action(rid)));
        ra.checkins.splice(+button.getAttribute("data-kc-index"), 1);
        this.setAction(rid, ra);
        this.replacePlanRow(rid, '[data-kc-action="checkin-add"]');
        break;
      }
      default: break;
    }
  };

  Tool.prototype.onKeydown = function (event) {
    if (event.key !== "Escape") return;
    if (!this.q("[data-kc-name-form]").hidden) { event.preventDefault(); this.closeNameForm(); }
    else if (!this.q("[data-kc-confirm]").hidden) { event.preventDefault(); this.closeConfirm(); }
  };

  Tool.prototype.start = function () {
    var self = this;
    var root = this.root;
    var S = this.S;
    this.load();
    root.classList.add("kc-js");
    root.addEventListener("change", function (e) { self.onChange(e); });
    root.addEventListener("input", function (e) { self.onInput(e); });
    root.addEventListener("click", function (e) { self.onClick(e); });
    root.addEventListener("keydown", function (e) { self.onKeydown(e); });
    Array.prototype.forEach.call(root.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (form.hasAttribute("data-kc-name-form")) self.submitName();
      });
    });
    window.addEventListener("storage", function (e) {
      if (e.key !== self.store.key) return;
      self.load();
      self.render();
    });
    window.addEventListener("beforeprint", function () { self.renderPrintMeta(); });
    this.render();
    if (!this.store.available) this.alert(S.storage_unavailable);
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kc-tool]"), function (root) {
      if (root.hasAttribute("data-kc-ready")) return;
      root.setAttribute("data-kc-ready", "");
      try {
        new Tool(root).start();
      } catch (e) {
        // Leave the plain, printable form in place rather than half a tool.
        root.classList.remove("kc-js");
        if (window.console) window.console.error("kenniscentrum checklist:", e);
      }
    });
  }

  // Exposed for tests and for the curious: pure functions only, no state. scan.js uses parseCsv, csvText, icsEscape
  // and icsFold from here (docs/scan.md): keep those names and signatures.
  window.kcChecklist = { parseCsv: parseCsv, csvText: csvText, icsFold: icsFold, icsEscape: icsEscape, isDate: isDate };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's instant navigation, when enabled
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
