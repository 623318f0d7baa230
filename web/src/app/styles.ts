/**
 * The antd styles the first page does not need. The build splits antd's stylesheet (see
 * src/web-api/antd-css-split.ts): index.html links the part of the components the entry chunk
 * can draw and names the rest in `<meta name="sf-antd-rest">`. The rest is loaded once, after
 * the first page shows or when another page is about to render, whichever comes first. The
 * dev server loads antd's whole stylesheet, and there is no `<meta>`: nothing to wait for.
 */
let loading: Promise<void> | undefined;

/** Loads the rest of antd's styles (once); resolves when they apply (or failed to load). */
export function loadRestStyles(): Promise<void> {
  if (loading) return loading;
  const href = document.querySelector<HTMLMetaElement>('meta[name="sf-antd-rest"]')?.content;
  if (!href) return (loading = Promise.resolve());
  loading = new Promise<void>((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => resolve();
    // A failed load must not hold a page back forever: it shows with fewer styles.
    link.onerror = () => resolve();
    // Before the first page's antd styles, so the app's own stylesheet stays last and keeps overriding antd.
    document.head.insertBefore(link, document.querySelector('link[data-sf-antd-core]'));
  });
  return loading;
}

/** Starts loading the rest once the browser is idle (after the first page has been drawn). */
export function loadRestStylesWhenIdle(): void {
  const start = () => void loadRestStyles();
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 1000);
}
