// index.d.ts declares what index.js exports, and every method of the classes; the README
// section shows the example test verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from 'bolna-emulator';

const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');

function classBody(name) {
  const start = dts.indexOf(`export class ${name} `);
  assert.ok(start >= 0, `index.d.ts declares class ${name}`);
  let depth = 0;
  for (let i = dts.indexOf('{', start); i < dts.length; i++) {
    if (dts[i] === '{') depth++;
    else if (dts[i] === '}' && --depth === 0) return dts.slice(start, i);
  }
  return '';
}

test('every export of index.js is declared', () => {
  for (const name of Object.keys(api)) assert.match(dts, new RegExp(`export (declare )?(class|function|const) ${name}\\b`), name);
});

test('every public method of every class is declared', () => {
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== 'function' || !/^class /.test(Function.prototype.toString.call(value))) continue;
    const body = classBody(name);
    for (const method of Object.getOwnPropertyNames(value.prototype)) {
      if (method === 'constructor' || method.startsWith('_')) continue;
      assert.match(body, new RegExp(`\\b(readonly )?${method}\\b[(:?]`), `${name}.${method}`);
    }
  }
});

test('the README section shows readme-example.test.js verbatim', () => {
  const section = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme-example.test.js', import.meta.url), 'utf8');
  const blocks = [...section.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.ok(blocks.includes(example), 'README.md has a ```js block equal to test/readme-example.test.js');
});
