import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { blockPrefix, cssBlocks, prefixesNamedIn, splitByComponent } from './antd-css-split.ts';

describe('splitting antd.css by component', () => {
  it('cuts a stylesheet into its top-level blocks, keeping @media bodies and quoted braces whole', () => {
    const css = `.a{color:red}@media (max-width:5px){.b{x:1}.c{y:2}}.d::after{content:"}{"}@import url(x.css);`;
    expect(cssBlocks(css)).toEqual(['.a{color:red}', '@media (max-width:5px){.b{x:1}.c{y:2}}', '.d::after{content:"}{"}', '@import url(x.css);']);
  });

  it('reads the class prefixes a module names, also under a renamed binding', () => {
    expect(prefixesNamedIn(`const p = getPrefixCls('btn', x); const q = getPrefixCls$1("input-number");`)).toEqual(['btn', 'input-number']);
    expect(prefixesNamedIn(`getPrefixCls(prefix)`)).toEqual([]);
  });

  it('gives a block to the longest known prefix of its first antd class', () => {
    const known = new Set(['input', 'input-number', 'select']);
    expect(blockPrefix('.ant-input-number-handler:hover{x:1}', known)).toBe('input-number');
    expect(blockPrefix('.ant-input-group .ant-select{x:1}', known)).toBe('input');
    expect(blockPrefix('@media (max-width:575px){.ant-select-dropdown{x:1}}', known)).toBe('select');
    // Shared blocks: tokens, links, keyframes, motions no component names.
    expect(blockPrefix(':root{--ant-blue:#1677ff}', known)).toBeUndefined();
    expect(blockPrefix('@keyframes antZoomIn{0%{opacity:0}}', known)).toBeUndefined();
    expect(blockPrefix('.ant-zoom-enter{x:1}', known)).toBeUndefined();
  });

  it('keeps shared and used blocks in core and moves the others to rest, each in the original order', () => {
    const css = '.ant-btn{a:1}.ant-table{b:2}a{c:3}.ant-btn-primary{d:4}.ant-picker{e:5}';
    const { core, rest } = splitByComponent(css, new Set(['btn', 'table', 'picker']), new Set(['btn']));
    expect(core).toBe('.ant-btn{a:1}\na{c:3}\n.ant-btn-primary{d:4}');
    expect(rest).toBe('.ant-table{b:2}\n.ant-picker{e:5}');
  });

  it("loses no rule of antd's real stylesheet: core and rest hold every block once", () => {
    const css = readFileSync(createRequire(import.meta.url).resolve('antd/dist/antd.css'), 'utf8');
    const blocks = cssBlocks(css);
    const chars = (s: string) => s.replace(/\s+/g, '').length;
    expect(chars(blocks.join(''))).toBe(chars(css));
    const { core, rest } = splitByComponent(css, new Set(['btn', 'table', 'picker', 'menu']), new Set(['btn', 'menu']));
    expect(cssBlocks(core).length + cssBlocks(rest).length).toBe(blocks.length);
    expect(chars(core) + chars(rest)).toBe(chars(css));
    expect(rest).toContain('.ant-picker');
    expect(rest).not.toContain('.ant-btn{');
    expect(core).toContain('.ant-btn{');
  });
});
