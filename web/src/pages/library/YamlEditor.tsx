import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export interface EditorProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface YamlEditorHandle {
  /** Moves the cursor to a place and focuses the editor (from the problem list). */
  goTo(line: number, column: number): void;
}

export interface YamlEditorProps {
  readonly initial: string;
  readonly label: string;
  readonly problems: readonly EditorProblem[];
  onChange(text: string): void;
}

/**
 * A YAML editor (CodeMirror 6): the validator's problems appear in place — underlined at their
 * line and column, with a marker in the gutter and the message on hover or keyboard focus.
 * Rejected: a plain textarea with a list below (the list alone makes people count lines), and
 * Monaco (several MB, and poor on phones).
 */
export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor({ initial, label, problems, onChange }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
          EditorView.theme({ '&': { fontSize: '13px', border: '1px solid #d9d9d9', borderRadius: '6px', background: '#fff' }, '.cm-scroller': { minHeight: '420px', maxHeight: '70vh' } }),
        ],
      }),
    });
    // The scroller is a keyboard stop of its own so long files can be scrolled without a mouse
    // (axe: scrollable-region-focusable); the text itself is the next stop.
    v.scrollDOM.tabIndex = 0;
    view.current = v;
    return () => v.destroy();
    // The document is owned by the editor after creation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const diagnostics: Diagnostic[] = problems.map((p) => {
      const line = doc.line(Math.min(Math.max(1, p.line), doc.lines));
      const from = Math.min(line.from + Math.max(0, p.column - 1), line.to);
      // Underline to the end of the word (or the line) so the mark is visible.
      const rest = doc.sliceString(from, line.to);
      const len = Math.max(1, /^[^\s:,\]}]*/.exec(rest)?.[0].length ?? 1);
      return { from, to: Math.min(line.to, from + len) || from, severity: 'error', message: p.message };
    });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [problems]);

  useImperativeHandle(ref, () => ({
    goTo(line, column) {
      const v = view.current;
      if (!v) return;
      const l = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
      const pos = Math.min(l.from + Math.max(0, column - 1), l.to);
      v.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      v.focus();
    },
  }));

  return <div ref={host} />;
});
