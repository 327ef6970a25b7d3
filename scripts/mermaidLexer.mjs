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
// default; lexers with `flex` or `backtrack_lexer`, which try on, keep the loop). The lexer goes on
// with the joined expression's match, whose first element, the token's text, is that rule's own
// match: Jison's `test_match` reads only that element, and keeps the whole array in `matches`,
// which only a backtracking lexer reads back; Mermaid's grammar actions read only `yytext`
// (matching the rule alone again was a second expression a token).
//
// Most rules can start with a few characters only (`style\b` with an s, `\s*-->` with white space
// or a hyphen), so a token is tried against the rules that can start with its first character:
// each rule's expression is read once (@eslint-community/regexpp) for the ASCII characters its
// matches can start with, marking more where unsure (a class negated with case ignored, a
// property escape, a backreference: every character), and a rule that can match the empty text is
// tried whatever the character. The rules a character leaves, in their order, are joined as above,
// once per set of rules; a token starting past ASCII, or the end of the input, tries them all.
// Leaving out only rules that cannot match keeps the first rule that matches the same.
//
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

/**
 * Added once to each chunk with a lexer (function declarations, hoisted over the chunk, and an
 * import, which esbuild resolves from the chunk: one copy of the parser in a bundle).
 */
export const FIRST_RULE = `
import { parseRegExpLiteral as glossaryParseRegExp } from "@eslint-community/regexpp";
/**
 * For a Jison lexer in the start condition whose rule numbers are \`rules\`: [the first rule's match,
 * its place in \`rules\`]; null when no rule matches; undefined when the rules are not joined (see
 * scripts/mermaidLexer.mjs), and the published loop decides.
 */
function glossaryFirstRule(lexer, rules) {
  if (lexer.options.backtrack_lexer || lexer.options.flex) return void 0;
  let joined = glossaryJoinedRules.get(rules);
  if (joined === void 0) {
    joined = glossaryRuleSet(lexer.rules, rules);
    glossaryJoinedRules.set(rules, joined);
  }
  if (joined === null) return void 0;
  const input = lexer._input;
  const first = input.charCodeAt(0);
  // Only the rules a token starting with this character can match; past ASCII (or at the end), all.
  let tried = joined.whole;
  if (first < 128) {
    tried = joined.byFirst[first];
    if (tried === void 0) tried = joined.byFirst[first] = glossaryRulesStartingWith(joined, first);
    if (tried === null) return null;
  }
  const found = tried.expression.exec(input);
  if (found === null) return null;
  for (let k = 0; k < tried.markers.length; k++) {
    if (found[tried.markers[k]] !== void 0) return [found, tried.places[k]];
  }
  return void 0;
}
/**
 * The rules numbered \`rules\`, all of them joined into one expression, and what each can start
 * with (the ASCII characters, or null: any text, the empty one too); null where they cannot be
 * joined (flags differ, a rule not anchored at the start, an expression this engine rejects).
 */
function glossaryRuleSet(all, rules) {
  if (rules.length === 0) return null;
  const flags = all[rules[0]].flags;
  if (flags.includes("m") || flags.includes("g") || flags.includes("y")) return null;
  for (const number of rules) {
    const rule = all[number];
    if (!(rule instanceof RegExp) || rule.flags !== flags || !rule.source.startsWith("^")) return null;
  }
  const set = { all, rules, flags, starts: rules.map((number) => glossaryStartsOf(all[number])), byFirst: new Array(128), bySubset: new Map(), whole: null };
  set.whole = glossaryJoinRules(set, rules.map((_, place) => place));
  return set.whole === null ? null : set;
}
/** The rules of \`set\` a token starting with the character \`first\` can match, joined; null when none can. */
function glossaryRulesStartingWith(set, first) {
  const places = [];
  for (let place = 0; place < set.rules.length; place++) {
    const starts = set.starts[place];
    if (starts === null || starts[first] === 1) places.push(place);
  }
  if (places.length === 0) return null;
  // Characters that take the same rules share their expression.
  const key = places.join(",");
  let joined = set.bySubset.get(key);
  if (joined === void 0) {
    joined = glossaryJoinRules(set, places) ?? set.whole;
    set.bySubset.set(key, joined);
  }
  return joined;
}
/**
 * The rules of \`set\` at \`places\` (in order) as one expression, with the group marking each and
 * the place it stands for; null when this engine rejects it.
 */
function glossaryJoinRules(set, places) {
  try {
    const alternatives = [];
    const markers = [];
    let groups = 0;
    for (const place of places) {
      const rule = set.all[set.rules[place]];
      // The rule's own groups come first: an expression that matches the empty text counts them.
      groups += new RegExp(rule.source + "|", set.flags).exec("").length - 1;
      markers.push(++groups);
      alternatives.push("(?:" + rule.source + ")()");
    }
    return { expression: new RegExp(alternatives.join("|"), set.flags), markers, places };
  } catch {
    return null;
  }
}
var glossaryJoinedRules = new WeakMap();
/**
 * The ASCII characters a match of \`rule\` can start with (1 at their codes; more is safe, fewer is
 * not), or null when it can match the empty text, or its expression is not understood here: it is
 * then tried whatever the character.
 */
function glossaryStartsOf(rule) {
  try {
    const literal = glossaryParseRegExp(rule);
    const starts = new Uint8Array(128);
    return glossaryAddStarts(literal.pattern, starts, literal.flags.ignoreCase) ? null : starts;
  } catch {
    return null;
  }
}
/** Marks in \`starts\` what \`node\` can start with; true when it can match the empty text. */
function glossaryAddStarts(node, starts, ignoreCase) {
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup": {
      if (node.modifiers) {
        starts.fill(1);
        return true;
      }
      let empty = false;
      for (const alternative of node.alternatives) {
        if (glossaryAddSequenceStarts(alternative.elements, starts, ignoreCase)) empty = true;
      }
      return empty;
    }
    case "Quantifier":
      return glossaryAddStarts(node.element, starts, ignoreCase) || node.min === 0;
    case "Assertion":
      // Matches no character: what follows it starts the match.
      return true;
    case "Character":
      glossaryAddCharacter(node.value, starts, ignoreCase);
      return false;
    case "CharacterSet":
      glossaryAddCharacterSet(node, starts, ignoreCase);
      return false;
    case "CharacterClass": {
      // A negated class starts with what its elements do not: only where each was read exactly.
      const inside = node.negate ? new Uint8Array(128) : starts;
      let exact = true;
      for (const element of node.elements) {
        if (element.type === "Character") exact = glossaryAddCharacter(element.value, inside, ignoreCase) && exact;
        else if (element.type === "CharacterClassRange") {
          for (let code = element.min.value; code <= element.max.value && code < 128; code++) glossaryAddCharacter(code, inside, ignoreCase);
          if (element.max.value >= 128) exact = glossaryAddCharacter(element.max.value, inside, ignoreCase) && exact;
        } else if (element.type === "CharacterSet") exact = glossaryAddCharacterSet(element, inside, ignoreCase) && exact;
        else {
          inside.fill(1);
          exact = false;
        }
      }
      if (!node.negate) return false;
      if (!exact || ignoreCase) starts.fill(1);
      else for (let code = 0; code < 128; code++) if (inside[code] === 0) starts[code] = 1;
      return false;
    }
    default:
      // A backreference (which may be empty), or what this reading does not know.
      starts.fill(1);
      return true;
  }
}
/** glossaryAddStarts of a sequence: its first element, and the next ones while those before can be empty. */
function glossaryAddSequenceStarts(elements, starts, ignoreCase) {
  for (const element of elements) {
    if (!glossaryAddStarts(element, starts, ignoreCase)) return false;
  }
  return true;
}
/** Marks the character \`code\` (both cases where case is ignored); false when it marked every character instead. */
function glossaryAddCharacter(code, starts, ignoreCase) {
  if (code >= 128) {
    // Folded without regard to case, a character past ASCII may match an ASCII one (K and the Kelvin sign).
    if (!ignoreCase) return true;
    starts.fill(1);
    return false;
  }
  starts[code] = 1;
  if (ignoreCase && ((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) starts[code ^ 32] = 1;
  return true;
}
/** Marks what \\d, \\s, \\w, their negations, the dot or a property escape match; false when it marked every character instead. */
function glossaryAddCharacterSet(set, starts, ignoreCase) {
  let within;
  if (set.kind === "digit") within = (code) => code >= 48 && code <= 57;
  else if (set.kind === "space") within = (code) => (code >= 9 && code <= 13) || code === 32;
  else if (set.kind === "word") within = (code) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  if (within === void 0 || (set.negate && ignoreCase)) {
    starts.fill(1);
    return false;
  }
  for (let code = 0; code < 128; code++) if (within(code) !== !!set.negate) starts[code] = 1;
  return true;
}
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
