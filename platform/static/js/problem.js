// The problem page: one editor bound to the form's textarea, keyboard shortcuts, drafts per language.
(function () {
  "use strict";
  function init() {
    const form = document.getElementById("solve");
    const textarea = document.getElementById("code");
    if (!form || !textarea || !window.UnwindEditor) return;
    const problem = form.dataset.problem;
    const language = document.getElementById("language");
    const schema = JSON.parse(document.getElementById("editor-schema").textContent || "{}");
    const draftKey = (lang) => `unwind:draft:${problem}:${lang}`;
    const starters = JSON.parse(document.getElementById("editor-starters").textContent || "{}");
    // Language-specific hints and buttons (Explain is SQL only) follow the language picker.
    const showHint = () => document.querySelectorAll(".lang-hint, .lang-only").forEach((p) => { p.hidden = p.dataset.for !== language.value; });
    showHint();

    const editor = window.UnwindEditor.fromTextarea(textarea, {
      language: language.value,
      schema: schema,
      onRun: () => document.getElementById("run-btn").click(),
      onSubmit: () => document.getElementById("submit-btn").click(),
      onChange: (text) => { try { localStorage.setItem(draftKey(language.value), text); } catch (e) { /* private mode */ } },
    });
    const saved = (() => { try { return localStorage.getItem(draftKey(language.value)); } catch (e) { return null; } })();
    // A reopened submission wins over the draft; otherwise the draft wins over the starter.
    if (saved && textarea.dataset.reopened !== "true") editor.setValue(saved);

    language.addEventListener("change", () => {
      editor.setLanguage(language.value);
      let text = null;
      try { text = localStorage.getItem(draftKey(language.value)); } catch (e) { /* ignore */ }
      editor.setValue(text || starters[language.value] || "");
      showHint();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
