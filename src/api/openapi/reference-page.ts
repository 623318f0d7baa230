/** Placeholder; replaced below. */
export function referencePage(title: string): string {
  return `<!doctype html><title>${title}</title>`;
}
