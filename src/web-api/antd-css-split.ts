/**
 * antd's prebuilt stylesheet (antd/dist/antd.css, ~1 MB: every component) split in two at
 * build time: the rules of the components the first page's JavaScript can render ("core",
 * linked from index.html) and all the others ("rest", loaded after the first page shows and
 * before any other page renders). The browser then parses a third of the stylesheet before the
 * inbox's first paint instead of all of it.
 *
 * Which components the first page can render is read from its modules: every antd component
 * names its CSS class prefix in a `getPrefixCls('btn')` call, so the prefixes named by the
 * modules of the entry chunk are the components it may draw. Blocks whose class prefix no
 * component names (design tokens, links, icons, motions, keyframes) always stay in core.
 */

/** The top-level blocks of a stylesheet (rules and at-rules with their bodies), in order. */
export function cssBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      blocks.push(css.slice(start, i + 1).trim());
      start = i + 1;
    } else if (c === ';' && depth === 0) {
      // A statement at-rule (@import, @charset): a block of its own.
      blocks.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  const tail = css.slice(start).trim();
  if (tail !== '') blocks.push(tail);
  return blocks.filter((b) => b !== '');
}

/** The CSS class prefixes (`btn`, `table`, `input-number`) named by `getPrefixCls('…')` calls in a module's code. */
export function prefixesNamedIn(code: string): string[] {
  return [...code.matchAll(/getPrefixCls(?:\$\d+)?\(\s*['"]([a-z][a-z0-9-]*)['"]/g)].map((m) => m[1]!);
}

/** The selector text of a block's first style rule (inside @media/@supports when it is one). */
function firstSelector(block: string): string {
  const open = block.indexOf('{');
  if (open < 0) return '';
  const prelude = block.slice(0, open);
  if (!prelude.trimStart().startsWith('@')) return prelude;
  if (/^\s*@(keyframes|font-face|-webkit-keyframes)/.test(prelude)) return '';
  return firstSelector(block.slice(open + 1));
}

/**
 * The component prefix a block styles: the longest known prefix `p` such that the first
 * `.ant-…` class of its selector is `ant-p` or starts with `ant-p-`; undefined for blocks of
 * no component (they are shared and stay in core).
 */
export function blockPrefix(block: string, known: ReadonlySet<string>): string | undefined {
  const m = /\.ant-([a-z0-9-]+)/.exec(firstSelector(block));
  if (!m) return undefined;
  const parts = m[1]!.split('-');
  for (let n = parts.length; n > 0; n--) {
    const p = parts.slice(0, n).join('-');
    if (known.has(p)) return p;
  }
  return undefined;
}

export interface SplitCss {
  /** Blocks of shared styles and of the used components, in their original order. */
  readonly core: string;
  /** Every other block, in its original order. */
  readonly rest: string;
}

/** Splits a stylesheet by component: `used` prefixes (and unknown ones) to core, the other `known` ones to rest. */
export function splitByComponent(css: string, known: ReadonlySet<string>, used: ReadonlySet<string>): SplitCss {
  const core: string[] = [];
  const rest: string[] = [];
  for (const b of cssBlocks(css)) {
    const p = blockPrefix(b, known);
    (p === undefined || used.has(p) ? core : rest).push(b);
  }
  return { core: core.join('\n'), rest: rest.join('\n') };
}
