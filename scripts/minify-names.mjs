// Shortens the wasm's import and export names, and rewrites wasm-bindgen's
// glue to match (run by scripts/build.sh after wasm-opt -Oz).
//
// wasm-bindgen names every import after its module path and a hash
// ("./origin_regions_bg.js" / "__wbg_get_d7176cfb76d71114"); binaryen's
// --minify-imports-and-exports-and-modules turns them into one module "a"
// with one- or two-letter names and prints the renaming, which this script
// applies to the glue: ~1 KB less gzipped wasm and shorter glue.
//
// Usage: node scripts/minify-names.mjs <wasm-opt> <module.wasm> <glue.js>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmOpt, wasmPath, gluePath] = process.argv.slice(2);
const fail = (why) => {
  console.error(`minify-names: ${why}`);
  process.exit(1);
};

const printed = execFileSync(wasmOpt, [
  // Last wasm-opt run, so the features section it reads can go now (132 bytes).
  wasmPath, '--minify-imports-and-exports-and-modules', '--strip-target-features', '-o', wasmPath,
], { encoding: 'utf8' });
const map = JSON.parse(printed.slice(printed.indexOf('{')));
let glue = readFileSync(gluePath, 'utf8');

// Imports: the glue's __wbg_get_imports() returns one object per module,
// `{ "<module>": <object>, ... }`; it now returns `{ a: { <short>: <function> } }`.
const start = glue.indexOf('function __wbg_get_imports()');
const ret = glue.indexOf('    return {\n        __proto__: null,\n', start);
const retEnd = glue.indexOf('\n    };\n}', ret);
if (start < 0 || ret < 0 || retEnd < 0) fail('no __wbg_get_imports() of the expected shape in the glue');
const objectOf = new Map(); // module path -> the glue's identifier for its imports
for (const [, module, ident] of glue.slice(ret, retEnd).matchAll(/^\s+"([^"]+)": (\w+),$/gm)) {
  objectOf.set(module, ident);
}
// Keys of the glue's own object are renamed where they are defined; other
// modules' imports (the support.js snippet) are added to it by name.
let body = glue.slice(start, ret);
const own = objectOf.get('./origin_regions_bg.js');
const added = [];
for (const [module, base, short] of map.imports) {
  const ident = objectOf.get(module);
  if (!ident) fail(`import module ${module} is not in the glue's import object`);
  if (ident !== own) {
    added.push(`    ${own}.${short} = ${ident}.${base};\n`);
    continue;
  }
  const key = new RegExp(`^(\\s+)${base}: `, 'gm');
  if ((body.match(key) || []).length !== 1) fail(`import ${base} is not defined once in the glue`);
  body = body.replace(key, `$1${short}: `);
}
glue = `${glue.slice(0, start)}${body}${added.join('')}    return { __proto__: null, a: ${own} };${glue.slice(retEnd + '\n    };'.length)}`;

// Exports: the glue reads every one as `wasm.<name>`.
for (const [name, short] of map.exports) {
  glue = glue.replace(new RegExp(`\\bwasm\\.${name}\\b`, 'g'), `wasm.${short}`);
}
const left = map.exports.filter(([name]) => new RegExp(`\\bwasm\\.${name}\\b`).test(glue));
if (left.length) fail(`exports still named in the glue: ${left.map(([n]) => n).join(', ')}`);
writeFileSync(gluePath, glue);
