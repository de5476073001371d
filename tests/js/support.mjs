// support.mjs -- shared by the Node tests: where the diplograph binary and
// the example text are, a scratch directory, running the binary, and
// loading the npm packages with a clear message when they are missing.
//
// ctest passes DIPLOGRAPH (the built binary), DG_EXAMPLE
// (graphs/steppe-diplomacy.txt) and DG_OUT (a directory in the build tree
// for outputs such as the report's screenshot).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.DIPLOGRAPH;
export const EXAMPLE = process.env.DG_EXAMPLE;
if (!BIN || !fs.existsSync(BIN))
  throw new Error(`DIPLOGRAPH must name the built diplograph binary (got ${BIN})`);
if (!EXAMPLE || !fs.existsSync(EXAMPLE))
  throw new Error(`DG_EXAMPLE must name graphs/steppe-diplomacy.txt (got ${EXAMPLE})`);

export const OUT = process.env.DG_OUT ||
  fs.mkdtempSync(path.join(os.tmpdir(), 'dg-js-'));
fs.mkdirSync(OUT, { recursive: true });

// Run the binary in OUT; a non-zero exit (a sanitizer abort or leak
// report included) or a sanitizer report on stderr throws.
export function diplograph(...args) {
  const r = spawnSync(BIN, args, { cwd: OUT, encoding: 'utf8',
                                   maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  for (const mark of ['ERROR: AddressSanitizer', 'ERROR: LeakSanitizer',
                      'runtime error:'])
    if (r.stderr.includes(mark))
      throw new Error(`sanitizer report from diplograph ${args.join(' ')}:\n${r.stderr}`);
  if (r.status !== 0)
    throw new Error(`diplograph ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

export function readJSON(name) {
  return JSON.parse(fs.readFileSync(path.join(OUT, name), 'utf8'));
}

// import() a package of tests/js/package.json, or explain how to get it.
export async function need(name) {
  try {
    return await import(name);
  } catch (e) {
    throw new Error(`cannot load the npm package "${name}" (${e.message}); ` +
                    'run scripts/setup, which runs "npm ci" in tests/js');
  }
}
