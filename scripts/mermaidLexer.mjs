// A patch of Mermaid's chunks for every bundle that holds Mermaid (applied by scripts/mermaidPatches.mjs):
// its Jison lexers find a token's rule with one regular expression instead of one per rule, with the
// same results.
//
// Why: Mermaid's Jison lexers (flowchart, sequence, class, state and 14 more) find each token by
// trying the rules of the current start condition one after the other, `this._input.match(rule)`,
// until one matches; the flowchart's has ~120 rules, so a token near the end of the list costs ~100
// regular expression calls. Profiled on generated glossaries, that loop was half of a flowchart's
// parse (bench/README.md).
//
// The rules of a condition, each anchored at the start of the input (`^`, no `m` flag), are joined
// as alternatives of one expression, each followed by an empty group that marks it. An alternation
// tries its alternatives in order at each position and takes the first that matches, and, with
// nothing after it, an alternative matches exactly when its rule alone does: the first marked
// group set names the first rule that matches, the one the loop would have stopped at (Jison's
// default; lexers with `flex` or `backtrack_lexer`, which try on, keep the loop). That rule is then
// matched alone, so the lexer goes on with the very match object the loop would have given it.
// Where the rules cannot be joined (flags differ, a rule not anchored, an expression V8 rejects),
// the loop runs as published. test/unit/mermaidJison.test.ts holds the two to the same tokens,
// positions and errors over every diagram type, valid and broken.
//
// The patch replaces the loop only where it finds Jison's code verbatim: a Mermaid release that
// changes it fails the build here, so the replacement is looked at again rather than silently dropped.

/** Jison's rule loop as Mermaid 11 publishes it (its start; the loop's body stays). */
const ORIGINAL_LOOP = /var rules = this\._currentRules\(\);\n(\s*)for \(var i = 0; i < rules\.length; i\+\+\) \{/g;

/** The same loop, run only where the joined rules cannot answer. */
const REPLACEMENT_LOOP = 'var rules = this._currentRules();\n$1var glossaryFirst = glossaryFirstRule(this, rules);\n$1if (glossaryFirst !== void 0) {\n$1  if (glossaryFirst !== null) {\n$1    match = glossaryFirst[0];\n$1    index = glossaryFirst[1];\n$1  }\n$1} else for (var i = 0; i < rules.length; i++) {';

/** Added once to each chunk with a lexer (a function declaration: hoisted over the chunk). */
export const FIRST_RULE = `
/**
 * For a Jison lexer in the start condition whose rule numbers are \`rules\`: [the first rule's match,
 * its place in \`rules\`]; null when no rule matches; undefined when the rules are not joined (see
 * scripts/mermaidLexer.mjs), and the published loop decides.
 */
function glossaryFirstRule(lexer, rules) {
  if (lexer.options.backtrack_lexer || lexer.options.flex) return void 0;
  let joined = glossaryJoinedRules.get(rules);
  if (joined === void 0) {
    joined = glossaryJoinRules(lexer.rules, rules);
    glossaryJoinedRules.set(rules, joined);
  }
  if (joined === null) return void 0;
  const found = joined.expression.exec(lexer._input);
  if (found === null) return null;
  for (let place = 0; place < joined.markers.length; place++) {
    if (found[joined.markers[place]] !== void 0) return [lexer._input.match(lexer.rules[rules[place]]), place];
  }
  return void 0;
}
/** The rules numbered \`rules\` as one expression, with the group marking each; null where they cannot be joined. */
function glossaryJoinRules(all, rules) {
  if (rules.length === 0) return null;
  try {
    const flags = all[rules[0]].flags;
    if (flags.includes("m") || flags.includes("g") || flags.includes("y")) return null;
    const alternatives = [];
    const markers = [];
    let groups = 0;
    for (const number of rules) {
      const rule = all[number];
      if (!(rule instanceof RegExp) || rule.flags !== flags || !rule.source.startsWith("^")) return null;
      // The rule's own groups come first: an expression that matches the empty text counts them.
      groups += new RegExp(rule.source + "|", flags).exec("").length - 1;
      markers.push(++groups);
      alternatives.push("(?:" + rule.source + ")()");
    }
    return { expression: new RegExp(alternatives.join("|"), flags), markers };
  } catch {
    return null;
  }
}
var glossaryJoinedRules = new WeakMap();
`;

/** The chunk's text with its lexers' loops replaced, or undefined when it holds no lexer; throws when a lexer is not as expected. */
export function patchMermaidLexers(text, path = 'a Mermaid chunk') {
  if (!text.includes('_currentRules()')) return undefined;
  const normalized = text.replace(/\r\n/g, '\n');
  const lexers = (normalized.match(/\n\s*_currentRules: /g) ?? []).length;
  let replaced = 0;
  const patched = normalized.replace(ORIGINAL_LOOP, (...args) => {
    replaced++;
    return REPLACEMENT_LOOP.replace(/\$1/g, args[1]);
  });
  if (replaced === 0 || replaced !== lexers) {
    throw new Error(`${path}: ${lexers} Jison lexer(s) but ${replaced} rule loop(s) as scripts/mermaidLexer.mjs expects them; compare Mermaid's \`next\` with ORIGINAL_LOOP.`);
  }
  return `${patched}\n${FIRST_RULE}`;
}
