/**
 * The CLI's JSON and SARIF reports, written in pieces (a large glossary's report is longer than
 * one string can be): the pieces put together are exactly the pretty-printed document with each
 * finding on one line, for no finding, one, a few, and enough to take several pieces.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { findingsOutput, formatFindings, mergeWritten, writeFindings, type Finding, type OutputFormat, type ReportStyle } from '../../server/src/cliOutput';

const context = { entries: 3, seconds: 1.5, colour: false, version: '9.9.9', fixed: 0, show: 'hint' as const, checked: 'hint' as const };

function finding(i: number): Finding {
  const diagnostic: Diagnostic = {
    range: { start: { line: i, character: 2 }, end: { line: i, character: 9 } },
    severity: [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Hint][i % 3],
    code: ['unknown-slug', 'unknown-link', 'one-way-relation'][i % 3],
    message: `'slug-${i}' names no entry: "quoted"\nsecond line\twith a tab`,
    ...(i % 2 ? { data: { target: `slug-${i}`, suggestions: [`slug-${i + 1}`, { nested: [i, null, true] }] } } : {}),
  };
  return { path: `content/glossary/entry-${i}.md`, diagnostic };
}

describe('findingsOutput', () => {
  for (const format of ['json', 'sarif'] as OutputFormat[]) {
    for (const count of [0, 1, 3, 5_000]) {
      test(`${format}, ${count} findings: the pieces make the pretty-printed document, a finding a line`, () => {
        const findings = Array.from({ length: count }, (_, i) => finding(i));
        const pieces = [...findingsOutput(findings, format, context)];
        const text = pieces.join('');
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const listed = format === 'json' ? (parsed.findings as unknown[]) : ((parsed.runs as { results: unknown[] }[])[0].results);
        assert.equal(listed.length, count);
        // The document pretty-printed with a placeholder for each finding, then each finding in its place on one line.
        const placeholders = structuredClone(parsed) as Record<string, unknown>;
        const list = format === 'json' ? (placeholders.findings as unknown[]) : ((placeholders.runs as { results: unknown[] }[])[0].results);
        list.forEach((_, i) => (list[i] = `@finding ${i}@`));
        assert.equal(text, `${JSON.stringify(placeholders, null, 2).replace(/"@finding (\d+)@"/g, (_, i: string) => JSON.stringify(listed[Number(i)]))}\n`);
        if (count === 5_000) assert.ok(pieces.length > 1, 'a long report comes in several pieces');
        assert.equal(formatFindings(findings, format, context), text);
      });
    }
  }

  test('json: each finding as the report has always listed it', () => {
    const parsed = JSON.parse(formatFindings([finding(1)], 'json', context)) as { version: string; summary: Record<string, number>; findings: unknown[] };
    assert.equal(parsed.version, '9.9.9');
    assert.deepEqual(parsed.summary, { entries: 3, error: 0, warning: 1, information: 0, hint: 0, fixed: 0 });
    assert.deepEqual(parsed.findings, [{
      file: 'content/glossary/entry-1.md', line: 2, column: 3, endLine: 2, endColumn: 10, severity: 'warning', code: 'unknown-link',
      message: finding(1).diagnostic.message, data: { target: 'slug-1', suggestions: ['slug-2', { nested: [1, null, true] }] },
    }]);
  });

  test('json: findings below --show are not listed, and levels below the lowest checked have no count (null), not 0', () => {
    const findings = [finding(0), finding(1), finding(2)];
    const errorsAndWarnings = JSON.parse(formatFindings(findings, 'json', { ...context, show: 'warning', checked: 'warning' })) as { summary: Record<string, number | null>; findings: { severity: string }[] };
    assert.deepEqual(errorsAndWarnings.findings.map((item) => item.severity), ['error', 'warning']);
    assert.deepEqual(errorsAndWarnings.summary, { entries: 3, error: 1, warning: 1, information: null, hint: null, fixed: 0 });
    const counted = JSON.parse(formatFindings(findings, 'json', { ...context, show: 'error', checked: 'hint' })) as { summary: Record<string, number | null>; findings: unknown[] };
    assert.equal(counted.findings.length, 1);
    assert.deepEqual(counted.summary, { entries: 3, error: 1, warning: 1, information: 0, hint: 1, fixed: 0 });
  });
});

describe('writeFindings and mergeWritten: a file\'s findings in the order of the file', () => {
  const style: ReportStyle = { format: 'text', show: 'hint', checked: 'hint', colour: false };
  const at = (line: number, character: number, code: string): Diagnostic => ({
    range: { start: { line, character }, end: { line, character: character + 1 } }, severity: DiagnosticSeverity.Warning, code, message: code,
  });
  const codes = (texts: string[]) => texts.map((text) => text.split('  ')[2]);

  test('written in the order of the file, equal places in the order found; every level counted', () => {
    const written = writeFindings('a.md', [at(5, 0, 'late'), at(1, 4, 'first'), at(1, 4, 'second'), at(1, 2, 'earliest')], style);
    assert.deepEqual(codes(written.texts), ['earliest', 'first', 'second', 'late']);
    assert.deepEqual(written.positions, [1, 2, 1, 4, 1, 4, 5, 0]);
    assert.equal(written.counts.warning, 4);
  });

  test('a diagram\'s findings go in their places; at the same place, after the file\'s own', () => {
    const own = writeFindings('a.md', [at(1, 0, 'a'), at(4, 0, 'b'), at(9, 3, 'c')], style);
    const diagrams = writeFindings('a.md', [at(4, 0, 'diagram-at-b'), at(6, 0, 'diagram'), at(12, 0, 'diagram-last')], style);
    const merged = mergeWritten(own, diagrams);
    assert.deepEqual(codes(merged.texts), ['a', 'b', 'diagram-at-b', 'diagram', 'c', 'diagram-last']);
    assert.deepEqual(merged.positions, [1, 0, 4, 0, 4, 0, 6, 0, 9, 3, 12, 0]);
    assert.equal(merged.counts.warning, 6);
  });

  test('listed levels only; the others counted', () => {
    const hint: Diagnostic = { ...at(2, 0, 'hinted'), severity: DiagnosticSeverity.Hint };
    const written = writeFindings('a.md', [at(1, 0, 'warned'), hint], { ...style, show: 'warning' });
    assert.deepEqual(codes(written.texts), ['warned']);
    assert.deepEqual([written.counts.warning, written.counts.hint], [1, 1]);
  });

  test('levels below the lowest checked are neither listed nor counted', () => {
    const hint: Diagnostic = { ...at(2, 0, 'hinted'), severity: DiagnosticSeverity.Hint };
    const written = writeFindings('a.md', [at(1, 0, 'warned'), hint], { ...style, show: 'warning', checked: 'warning' });
    assert.deepEqual(codes(written.texts), ['warned']);
    assert.deepEqual([written.counts.warning, written.counts.hint], [1, 0]);
  });
});
