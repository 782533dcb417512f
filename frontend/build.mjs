// Builds platform/static/vendor/{unwind-editor.js,htmx.min.js} from the
// versions pinned in package-lock.json. Run with `npm run build`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = join(here, "..", "platform", "static", "vendor");
mkdirSync(out, { recursive: true });

const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const versions = Object.entries(pkg.dependencies)
  .filter(([name]) => name !== "htmx.org")
  .map(([name, v]) => `${name}@${v}`)
  .join(" ");

await build({
  entryPoints: [join(here, "src", "editor.js")],
  outfile: join(out, "unwind-editor.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "none",
  logLevel: "warning",
  banner: {
    js:
      "/*! Unwind editor (frontend/src/editor.js), built with esbuild. Bundles CodeMirror 6 and Lezer, " +
      "MIT licensed, (c) Marijn Haverbeke and others: " + versions + " */",
  },
});

copyFileSync(require.resolve("htmx.org/dist/htmx.min.js"), join(out, "htmx.min.js"));

for (const f of ["unwind-editor.js", "htmx.min.js"]) {
  console.log(`${f.padEnd(18)} ${(statSync(join(out, f)).size / 1024).toFixed(1)} KiB`);
}
