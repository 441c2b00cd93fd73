// cchc review: hover/focus details, keyboard review of facts. Vanilla JS, served by the app.
// Untrusted text (the report's) only ever goes through textContent, never innerHTML.
"use strict";
(function () {
  const dataEl = document.getElementById("facts-data");
  if (!dataEl) return;                                  // the document list has no facts
  const facts = new Map(JSON.parse(dataEl.textContent).map(f => [String(f.id), f]));
  const article = document.getElementById("doc-text");
  const postUrl = article.dataset.postUrl;
  const token = document.querySelector("#quick input[name=token]").value;
  const tip = document.getElementById("tip");
  const status = document.getElementById("status");
  const dialog = document.getElementById("edit");
  const form = document.getElementById("edit-form");
  const marks = () => Array.from(article.querySelectorAll("mark.fact[tabindex]"));
  let current = null;                                   // the focused (or last focused) fact's first mark

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function row(table, label, value, was) {
    if (!value && !was) return;
    const tr = el("tr");
    tr.append(el("th", label));
    const td = el("td", value || "—");
    if (was && was !== value) td.append(el("span", was, "was"));
    tr.append(td);
    table.append(tr);
  }

  const indicatorText = list => list.map(i => i.label ? `${i.id} (${i.label})` : i.id).join("; ");

  function fillTip(f) {
    tip.replaceChildren();
    const t = el("table");
    const x = f.extracted;
    row(t, "Số liệu gốc", f.text);
    row(t, "Giá trị", f.value + (f.unit ? " " + f.unit : ""), f.status === "corrected" ? x.value : "");
    row(t, "Loại", f.kindLabel, f.status === "corrected" ? x.kindLabel : "");
    row(t, "Đối tượng", f.entity, f.status === "corrected" ? x.entity : "");
    row(t, "Kỳ", f.period, f.status === "corrected" ? x.period : "");
    row(t, "Vai trò", f.role);
    row(t, "Chỉ tiêu", indicatorText(f.indicators) || "không thuộc chỉ tiêu nào",
        f.status === "corrected" ? indicatorText(x.indicators) : "");
    row(t, "Căn cứ nhận diện", f.cue);
    if (f.cell) row(t, "Ô bảng", `bảng ${f.cell[0] + 1}, dòng ${f.cell[1] + 1}, cột ${f.cell[2] + 1}`);
    if (f.page) row(t, "Trang", String(f.page));
    row(t, "Rà soát", f.statusLabel + (f.reviewer ? ` — ${f.reviewer}, ${f.reviewedAt}` : ""));
    tip.append(t);
    for (const g of f.flags) tip.append(el("p", `⚠ ${g.severity} — ${g.check}: ${g.message}`, "flagmsg"));
  }

  function showTip(mark) {
    const f = facts.get(mark.dataset.factId);
    if (!f) return;
    fillTip(f);
    tip.hidden = false;
    const r = mark.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    mark.setAttribute("aria-describedby", "tip");
  }

  function hideTip() { tip.hidden = true; }

  function setCurrent(mark) {
    if (current) current.classList.remove("current");
    current = mark;
    if (mark) mark.classList.add("current");
  }

  function firstMark(mark) { return article.querySelector(`mark.fact[tabindex][data-fact-id="${mark.dataset.factId}"]`); }

  function move(step) {
    const all = marks();
    if (!all.length) return;
    let i = current ? all.indexOf(current) : -1;
    i = i < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, i + step));
    all[i].focus();
    all[i].scrollIntoView({ block: "nearest" });
  }

  function say(text, bad) {
    status.textContent = text;
    status.classList.toggle("error", !!bad);
  }

  function update(f) {
    facts.set(String(f.id), f);
    for (const m of article.querySelectorAll(`mark.fact[data-fact-id="${f.id}"]`)) {
      m.className = m.className.replace(/\b(k|st)-\S+/g, "").trim();
      m.classList.add("k-" + f.kind);
      if (f.status) m.classList.add("st-" + f.status);
    }
    if (current && current.dataset.factId === String(f.id)) showTip(current);
  }

  async function send(fields) {
    const body = new FormData();
    body.append("token", token);
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    let reply;
    try {
      const res = await fetch(postUrl, { method: "POST", body, headers: { "Accept": "application/json" } });
      reply = await res.json();
    } catch (e) {
      return { ok: false, message: "Không gửi được tới máy chủ cchc review (đã tắt?)." };
    }
    return reply;
  }

  async function act(action) {
    if (!current) return;
    const f = facts.get(current.dataset.factId);
    const reply = await send({ action, char_start: f.start, char_end: f.end });
    if (!reply.ok) return say(reply.message, true);
    update(reply.fact);
    say(`${f.text}: ${reply.fact.statusLabel}`);
  }

  function openEdit() {
    if (!current) return;
    const f = facts.get(current.dataset.factId);
    document.getElementById("edit-text").textContent = "“" + f.text + "”";
    document.getElementById("edit-start").value = f.start;
    document.getElementById("edit-end").value = f.end;
    document.getElementById("edit-value").value = f.editValue;
    document.getElementById("edit-kind").value = f.kind;
    document.getElementById("edit-entity").value = f.entity;
    document.getElementById("edit-period").value = f.period;
    document.getElementById("edit-indicators").value = f.indicators.map(i => i.id).join(", ");
    document.getElementById("edit-error").textContent = "";
    hideTip();
    dialog.showModal();
    const v = document.getElementById("edit-value");
    v.focus();
    v.select();
  }

  function closeEdit() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", () => { if (current) current.focus(); });
  document.getElementById("edit-cancel").addEventListener("click", closeEdit);

  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const fields = Object.fromEntries(new FormData(form).entries());
    delete fields.token;
    const reply = await send(fields);
    if (!reply.ok) {
      document.getElementById("edit-error").textContent = reply.message;
      return;
    }
    update(reply.fact);
    say(`${reply.fact.text}: ${reply.fact.statusLabel}`);
    closeEdit();
  });

  article.addEventListener("focusin", ev => {
    const m = ev.target.closest("mark.fact");
    if (m) { setCurrent(m); showTip(m); }
  });
  article.addEventListener("focusout", ev => {
    if (ev.target.closest("mark.fact")) hideTip();
  });
  article.addEventListener("mouseover", ev => {
    const m = ev.target.closest("mark.fact");
    if (m) showTip(m);
  });
  article.addEventListener("mouseout", ev => {
    const m = ev.target.closest("mark.fact");
    if (m && !m.contains(ev.relatedTarget) && document.activeElement !== firstMark(m)) hideTip();
  });
  article.addEventListener("click", ev => {
    const m = ev.target.closest("mark.fact");
    if (m) firstMark(m).focus();
  });

  document.addEventListener("keydown", ev => {
    if (dialog.open || ev.ctrlKey || ev.metaKey || ev.altKey) return;     // the dialog handles its own keys
    if (ev.target.closest("input, select, textarea")) return;
    const onFact = document.activeElement && document.activeElement.matches("mark.fact");
    switch (ev.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": if (onFact) act("accept"); break;
      case "r": if (onFact) act("reject"); break;
      case "u": if (onFact) act("clear"); break;
      case "e": if (onFact) openEdit(); break;
      case "Enter": if (onFact) openEdit(); else return; break;
      case "Escape": hideTip(); break;
      default: return;
    }
    ev.preventDefault();
  });
})();
