/*
 * Unwind code editor: CodeMirror 6, bundled by esbuild into one IIFE file,
 * platform/static/vendor/unwind-editor.js (see frontend/README.md).
 *
 * Global API (window.UnwindEditor)
 * --------------------------------
 *   const ed = window.UnwindEditor.create(parentElement, {
 *     doc: "SELECT 1",              // initial text (default "")
 *     language: "sql",              // "sql" (default) | "python"
 *     schema: { trades: ["ts", "symbol", "price"] },
 *                                   // completion: SQL completes table names and `table.column`
 *                                   // (lang-sql's schema completion), bare column names and
 *                                   // DuckDB keywords/functions;
 *                                   // Python completes table names and, after `table.`,
 *                                   // `table["` or `table[["a", "`, that table's columns
 *     onRun: () => {},              // Ctrl-Enter / Cmd-Enter
 *     onSubmit: () => {},           // Shift-Ctrl-Enter / Shift-Cmd-Enter
 *     onChange: (text) => {},       // debounced 300 ms; flushed on blur, destroy and pagehide
 *     // optional extras:
 *     placeholder: "Write a query", // shown while the editor is empty
 *     readOnly: false,
 *     ariaLabel: "Code editor",     // aria-label of the editable content
 *     nonce: "…",                   // CSP nonce for the editor's <style> element (default: the
 *                                   // nonce of the <script> tag that loaded this bundle)
 *   });
 *   ed.getValue()                   // -> string
 *   ed.setValue(text)               // replaces the whole text (undoable; fires onChange)
 *   ed.setLanguage("sql" | "python")
 *   ed.setSchema(schema)            // same shape as options.schema; null clears it
 *   ed.focus()
 *   ed.destroy()                    // removes the DOM and drops it from `instances`
 *   ed.view                         // the underlying CodeMirror EditorView
 *   ed.dom                          // the editor's root element (.cm-editor)
 *
 *   window.UnwindEditor.instances   // array of live editors (for tests:
 *                                   //   UnwindEditor.instances[0].getValue())
 *   window.UnwindEditor.get(el)     // the editor whose root is or contains el, or null
 *   window.UnwindEditor.fromTextarea(textarea, options)
 *                                   // hides the textarea, puts an editor after it and keeps
 *                                   // textarea.value in sync on every change, so ordinary
 *                                   // form posts / htmx requests carry the code. doc defaults
 *                                   // to textarea.value, language to textarea.dataset.language.
 *   window.UnwindEditor.version     // bundle version string
 *
 * DOM: the root (.cm-editor) has data-testid="editor" and data-language="sql|python";
 * the contenteditable (.cm-content) has aria-label="Code editor".
 * Keyboard: Tab / Shift-Tab indent; press Escape then Tab (or Ctrl-M / Shift-Alt-M on macOS
 * to toggle) to move focus out of the editor. Ctrl/Cmd-F searches.
 * Page styling hook: CSS variables --unwind-editor-min-height and --unwind-editor-max-height
 * on any ancestor override the default height (14 lines min, 32 lines max, then scrolls).
 */

import { EditorState, Compartment, Prec } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
  placeholder as placeholderExt,
} from "@codemirror/view";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
} from "@codemirror/commands";
import {
  indentOnInput,
  indentUnit,
  bracketMatching,
  syntaxHighlighting,
  syntaxTree,
  HighlightStyle,
  LanguageSupport,
} from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import {
  autocompletion,
  completionKeymap,
  closeBrackets,
  closeBracketsKeymap,
} from "@codemirror/autocomplete";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import {
  PostgreSQL,
  SQLDialect,
  keywordCompletionSource,
  schemaCompletionSource,
} from "@codemirror/lang-sql";
import { python, pythonLanguage } from "@codemirror/lang-python";

// The nonce of the <script> tag that loaded this bundle (a deferred classic script: currentScript is set
// while it runs); the editor's injected styles carry it (see `nonce` above).
const BUNDLE_NONCE = (typeof document !== "undefined" && document.currentScript && document.currentScript.nonce) || "";

const VERSION = "1.0.0";
const CHANGE_DEBOUNCE_MS = 300;
const LANGUAGES = ["sql", "python"];

/* ------------------------------------------------------------------ SQL */

// The platform runs SQL on DuckDB, which is close to PostgreSQL: start from
// lang-sql's PostgreSQL dialect and add DuckDB's keywords and common functions.
// Identifiers are case-insensitive in DuckDB, so completion never quotes them.
const DuckDB = SQLDialect.define({
  ...PostgreSQL.spec,
  caseInsensitiveIdentifiers: true,
  keywords:
    PostgreSQL.spec.keywords +
    " qualify asof positional pivot unpivot pivot_longer pivot_wider exclude replace" +
    " describe summarize glob ilike struct list map union_by_name sample tablesample" +
    " filter within window over partition range rows groups unbounded preceding" +
    " following current lateral semi anti materialized recursive",
  builtin:
    (PostgreSQL.spec.builtin || "") +
    " read_csv read_csv_auto read_parquet read_json read_json_auto" +
    " date_trunc date_part date_diff date_add datediff datepart strftime strptime" +
    " epoch epoch_ms make_date make_timestamp time_bucket to_timestamp" +
    " arg_max arg_min max_by min_by median mode quantile quantile_cont quantile_disc" +
    " stddev stddev_samp stddev_pop variance var_samp var_pop corr covar_samp covar_pop" +
    " regr_slope regr_intercept regr_r2 skewness kurtosis entropy approx_count_distinct" +
    " first last any_value list list_value unnest string_agg array_agg count_if" +
    " row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value" +
    " last_value nth_value ln log log10 log2 exp sqrt power pow abs sign round floor" +
    " ceil greatest least coalesce nullif ifnull if try_cast generate_series range",
});

// Bare column names (no `table.` before them) from every table, so that
// `SELECT pri|` completes before the FROM clause is written.
function sqlColumnSource(schema) {
  const owners = new Map();
  for (const [table, cols] of Object.entries(schema)) {
    for (const col of cols) {
      if (!owners.has(col)) owners.set(col, []);
      owners.get(col).push(table);
    }
  }
  const options = [...owners].map(([col, tables]) => ({
    label: col,
    type: "property",
    detail: tables.join(", "),
  }));
  return (ctx) => {
    if (!options.length) return null;
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1);
    if (/Comment|String|QuotedIdentifier/.test(node.type.name)) return null;
    const word = ctx.matchBefore(/\w*$/);
    if (!word) return null;
    const before = ctx.state.sliceDoc(Math.max(0, word.from - 1), word.from);
    if (before === "." || before === '"') return null;
    if (word.from === word.to && !ctx.explicit) return null;
    return { from: word.from, options, validFor: /^\w*$/ };
  };
}

/* --------------------------------------------------------------- Python */

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COLUMN_STRING =
  /([A-Za-z_]\w*)\s*\[\s*(?:\[\s*(?:(["'])[^"'\n]*\2\s*,\s*)*)?(["'])([^"'\n]*)$/;

function pythonSchemaSource(schema) {
  const tables = Object.keys(schema).map((name) => ({
    label: name,
    type: "variable",
    detail: "table",
  }));
  const columns = (table, identOnly) =>
    (schema[table] || [])
      .filter((c) => !identOnly || IDENT.test(c))
      .map((c) => ({ label: c, type: "property", detail: table }));

  return (ctx) => {
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1);
    const inComment = node.type.name === "Comment";
    if (inComment) return null;
    const line = ctx.state.doc.lineAt(ctx.pos);
    const text = line.text.slice(0, ctx.pos - line.from);

    // table["col  /  table['col  /  table[["a", "b
    const m = COLUMN_STRING.exec(text);
    if (m && schema[m[1]]) {
      const options = columns(m[1], false);
      if (!options.length) return null;
      return { from: ctx.pos - m[4].length, options, validFor: /^[^"'\n]*$/ };
    }
    if (/String/.test(node.type.name)) return null;

    // table.col
    const dot = /([A-Za-z_]\w*)\.(\w*)$/.exec(text);
    if (dot) {
      if (!schema[dot[1]]) return null;
      const options = columns(dot[1], true);
      if (!options.length) return null;
      return { from: ctx.pos - dot[2].length, options, validFor: /^\w*$/ };
    }

    // bare word: table names
    const word = ctx.matchBefore(/[A-Za-z_]\w*$/);
    if (!word && !ctx.explicit) return null;
    if (!tables.length) return null;
    return { from: word ? word.from : ctx.pos, options: tables, validFor: /^\w*$/ };
  };
}

/* ------------------------------------------------------------- language */

function normalizeSchema(schema) {
  const out = {};
  if (!schema || typeof schema !== "object") return out;
  for (const [table, cols] of Object.entries(schema)) {
    out[table] = Array.isArray(cols) ? cols.map(String) : [];
  }
  return out;
}

function normalizeLanguage(language) {
  const lang = (language || "sql").toLowerCase();
  if (!LANGUAGES.includes(lang)) {
    throw new Error(`UnwindEditor: unknown language "${language}" (use "sql" or "python")`);
  }
  return lang;
}

function languageExtension(lang, schema) {
  const attrs = EditorView.editorAttributes.of({ "data-language": lang });
  if (lang === "python") {
    return [
      python(),
      pythonLanguage.data.of({ autocomplete: pythonSchemaSource(schema) }),
      indentUnit.of("    "),
      attrs,
    ];
  }
  // What sql({dialect, schema, upperCaseKeywords}) builds, except that keywords
  // are not offered after `table.` (lang-sql only skips them right after the dot).
  const keywords = keywordCompletionSource(DuckDB, true);
  const data = DuckDB.language.data;
  return [
    new LanguageSupport(DuckDB.language),
    data.of({ autocomplete: schemaCompletionSource({ dialect: DuckDB, schema }) }),
    data.of({
      autocomplete: (ctx) => (ctx.matchBefore(/\.\w*$/) ? null : keywords(ctx)),
    }),
    data.of({ autocomplete: sqlColumnSource(schema) }),
    indentUnit.of("  "),
    attrs,
  ];
}

/* ---------------------------------------------------------------- theme */

const MONO =
  'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';
const SANS =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const theme = EditorView.theme(
  {
    "&": {
      fontSize: "14px",
      color: "#1f2328",
      backgroundColor: "#ffffff",
      border: "1px solid #d0d7de",
      borderRadius: "6px",
      maxHeight: "var(--unwind-editor-max-height, calc(32 * 1.5em + 8px))",
    },
    "&.cm-focused": {
      outline: "none",
      borderColor: "#0969da",
      boxShadow: "0 0 0 3px rgba(9, 105, 218, 0.25)",
    },
    ".cm-scroller": {
      fontFamily: MONO,
      lineHeight: "1.5",
      overflow: "auto",
      borderRadius: "6px",
    },
    ".cm-content, .cm-gutter": {
      minHeight: "var(--unwind-editor-min-height, calc(14 * 1.5em))",
    },
    ".cm-content": { padding: "4px 0", caretColor: "#0969da" },
    ".cm-line": { padding: "0 8px 0 6px" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#0969da", borderLeftWidth: "2px" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
      { backgroundColor: "#b6d6fd" },
    ".cm-gutters": {
      backgroundColor: "#f6f8fa",
      color: "#57606a",
      borderRight: "1px solid #eaeef2",
      borderTopLeftRadius: "6px",
      borderBottomLeftRadius: "6px",
    },
    ".cm-lineNumbers .cm-gutterElement": { padding: "0 8px 0 12px", minWidth: "28px" },
    ".cm-activeLine": { backgroundColor: "rgba(234, 238, 242, 0.5)" },
    ".cm-activeLineGutter": { backgroundColor: "#eaeef2", color: "#1f2328" },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "rgba(74, 194, 107, 0.25)",
      outline: "1px solid rgba(74, 194, 107, 0.6)",
    },
    "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "rgba(255, 129, 130, 0.35)" },
    ".cm-selectionMatch": { backgroundColor: "rgba(250, 220, 90, 0.35)" },
    ".cm-placeholder": { color: "#57606a" },
    ".cm-tooltip, .cm-panels": { fontFamily: SANS, fontSize: "13px" },
    ".cm-tooltip": {
      border: "1px solid #d0d7de",
      borderRadius: "6px",
      backgroundColor: "#ffffff",
      boxShadow: "0 8px 24px rgba(140, 149, 159, 0.2)",
      overflow: "hidden",
    },
    ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: MONO, maxHeight: "14em" },
    ".cm-tooltip.cm-tooltip-autocomplete > ul > li": { padding: "2px 8px" },
    ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "#0969da", color: "#ffffff" },
    ".cm-completionDetail": { fontFamily: SANS, color: "#57606a", marginLeft: "1em", fontStyle: "normal" },
    ".cm-tooltip-autocomplete ul li[aria-selected] .cm-completionDetail": { color: "#dbe9fb" },
    ".cm-panels": { backgroundColor: "#f6f8fa", color: "#1f2328" },
    ".cm-panels.cm-panels-bottom": { borderTop: "1px solid #d0d7de" },
    ".cm-textfield": { fontFamily: SANS, fontSize: "13px", borderRadius: "4px", border: "1px solid #d0d7de" },
    ".cm-button": { fontFamily: SANS, fontSize: "13px", borderRadius: "4px", backgroundImage: "none", backgroundColor: "#f6f8fa", border: "1px solid #d0d7de" },
    ".cm-searchMatch": { backgroundColor: "rgba(250, 220, 90, 0.45)" },
    ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "rgba(255, 170, 60, 0.6)" },
  },
  { dark: false }
);

// GitHub-light-like colours; all pass WCAG AA contrast on white.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: "#cf222e" },
  { tag: [t.string, t.special(t.string), t.regexp], color: "#0a3069" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "#0550ae" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#57606a", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.standard(t.name)], color: "#8250df" },
  { tag: [t.typeName, t.className, t.namespace], color: "#953800" },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], color: "#953800" },
  { tag: [t.propertyName, t.special(t.name)], color: "#0550ae" },
  { tag: [t.operator, t.punctuation, t.bracket], color: "#1f2328" },
  { tag: t.self, color: "#cf222e" },
  { tag: t.invalid, color: "#82071e" },
]);

/* ---------------------------------------------------------------- editor */

const instances = [];

function create(parent, options) {
  if (!parent || typeof parent.appendChild !== "function") {
    throw new Error("UnwindEditor.create: parentElement must be a DOM element");
  }
  const opts = Object.assign({}, options);
  let lang = normalizeLanguage(opts.language);
  let schema = normalizeSchema(opts.schema);
  const languageConf = new Compartment();

  let timer = null;
  const flushChange = () => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = null;
    if (typeof opts.onChange === "function") opts.onChange(view.state.doc.toString());
  };

  const callback = (name) => () => {
    if (typeof opts[name] !== "function") return false;
    flushChange();
    opts[name]();
    return true;
  };

  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    EditorState.tabSize.of(4),
    indentOnInput(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ icons: false }),
    highlightActiveLine(),
    highlightSelectionMatches(),
    Prec.highest(
      keymap.of([
        { key: "Mod-Enter", run: callback("onRun") },
        { key: "Shift-Mod-Enter", run: callback("onSubmit") },
        // On macOS Mod is Cmd; accept Ctrl there too.
        { key: "Ctrl-Enter", run: callback("onRun") },
        { key: "Shift-Ctrl-Enter", run: callback("onSubmit") },
      ])
    ),
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...completionKeymap,
      indentWithTab,
    ]),
    theme,
    EditorView.contentAttributes.of({ "aria-label": opts.ariaLabel || "Code editor" }),
    EditorView.editorAttributes.of({ "data-testid": "editor" }),
    languageConf.of(languageExtension(lang, schema)),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        if (typeof opts._sync === "function") opts._sync(update.state.doc.toString());
        if (typeof opts.onChange === "function") {
          if (timer !== null) clearTimeout(timer);
          timer = setTimeout(() => {
            timer = null;
            opts.onChange(view.state.doc.toString());
          }, CHANGE_DEBOUNCE_MS);
        }
      }
      if (update.focusChanged && !update.view.hasFocus) flushChange();
    }),
  ];
  // CodeMirror injects its theme as a <style> element: under the site's Content-Security-Policy it needs
  // the page's nonce (style-src 'self' 'nonce-…'), taken from this bundle's own <script nonce> tag.
  const nonce = opts.nonce == null ? BUNDLE_NONCE : String(opts.nonce);
  if (nonce) extensions.push(EditorView.cspNonce.of(nonce));
  if (opts.placeholder) extensions.push(placeholderExt(String(opts.placeholder)));
  if (opts.readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));

  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: String(opts.doc == null ? "" : opts.doc), extensions }),
  });

  const onPageHide = () => flushChange();
  window.addEventListener("pagehide", onPageHide);

  const editor = {
    view,
    dom: view.dom,
    getValue() {
      return view.state.doc.toString();
    },
    setValue(text) {
      const insert = String(text == null ? "" : text);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert },
        selection: { anchor: Math.min(view.state.selection.main.head, insert.length) },
      });
    },
    setLanguage(language) {
      lang = normalizeLanguage(language);
      view.dispatch({ effects: languageConf.reconfigure(languageExtension(lang, schema)) });
    },
    setSchema(next) {
      schema = normalizeSchema(next);
      view.dispatch({ effects: languageConf.reconfigure(languageExtension(lang, schema)) });
    },
    getLanguage() {
      return lang;
    },
    focus() {
      view.focus();
    },
    destroy() {
      flushChange();
      window.removeEventListener("pagehide", onPageHide);
      const i = instances.indexOf(editor);
      if (i >= 0) instances.splice(i, 1);
      view.destroy();
    },
  };
  view.dom.unwindEditor = editor;
  instances.push(editor);
  return editor;
}

function get(el) {
  for (const ed of instances) {
    if (ed.dom === el || ed.dom.contains(el)) return ed;
  }
  return null;
}

function fromTextarea(textarea, options) {
  const opts = Object.assign({}, options);
  if (opts.doc == null) opts.doc = textarea.value;
  if (!opts.language && textarea.dataset && textarea.dataset.language) {
    opts.language = textarea.dataset.language;
  }
  opts._sync = (text) => {
    textarea.value = text;
  };
  const wrapper = document.createElement("div");
  wrapper.className = "unwind-editor";
  textarea.insertAdjacentElement("afterend", wrapper);
  textarea.hidden = true;
  const editor = create(wrapper, opts);
  const destroy = editor.destroy;
  editor.destroy = () => {
    destroy();
    wrapper.remove();
    textarea.hidden = false;
  };
  return editor;
}

window.UnwindEditor = { create, fromTextarea, get, instances, version: VERSION };
