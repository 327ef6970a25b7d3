// A patch of Mermaid's chunks for every bundle that holds Mermaid (applied by scripts/mermaidPatches.mjs):
// its Jison parsers reduce without copying their stacks, with the same results.
//
// Why: at each reduction, Jison's parser (flowchart, sequence, class, state and 14 more) calls the
// grammar's action through `performAction.apply(yyval, [seven arguments].concat(args))`, two arrays
// made to be thrown away, and then pops the rule's symbols with `stack = stack.slice(…)` and the
// same for the value and location stacks: three more arrays, each a copy of its whole stack. A
// flowchart of twenty lines makes hundreds of reductions. Profiled on generated glossaries, that
// loop was what was left of a flowchart's parse once its lexer was patched (bench/README.md).
//
// The action is called with the same seven arguments (`args`, the parse's arguments after the
// input, is empty as Mermaid calls it; otherwise the published call stays), and the rule's symbols
// are popped off the stacks in place (`pop`, which V8 inlines; setting `length` instead calls into
// its runtime, a quarter of the parse loop's time). Popping in place differs from copying only for
// code that keeps a stack array past the reduction: the parse loop does not, and the grammars'
// actions read their `$$` and `_$` (the value and location stacks) only by index and `.length`,
// which this patch checks in each chunk, refusing one whose action uses them otherwise. The
// reduction's own location object (`yyval._$`) is still made anew each time: actions and the parse
// keep those. test/unit/mermaidJison.test.ts holds the patched parsers to the published ones over
// every diagram type, valid and broken: the same outcome, message and diagram database.
//
// The patch replaces the code only where it finds Jison's verbatim: a Mermaid release that changes
// it fails the build here, so the replacement is looked at again rather than silently dropped.

/** The action's call at a reduction, as Mermaid 11 publishes it. */
const ORIGINAL_CALL = /r = this\.performAction\.apply\(yyval, \[\n\s*yytext,\n\s*yyleng,\n\s*yylineno,\n\s*sharedState\.yy,\n\s*action\[1\],\n\s*vstack,\n\s*lstack\n\s*\]\.concat\(args\)\);/g;

const REPLACEMENT_CALL = 'r = args.length === 0 ? this.performAction.call(yyval, yytext, yyleng, yylineno, sharedState.yy, action[1], vstack, lstack) : this.performAction.apply(yyval, [yytext, yyleng, yylineno, sharedState.yy, action[1], vstack, lstack].concat(args));';

/** The pop of a reduction's symbols from the three stacks. */
const ORIGINAL_POP = /stack = stack\.slice\(0, -1 \* len \* 2\);\n(\s*)vstack = vstack\.slice\(0, -1 \* len\);\n\s*lstack = lstack\.slice\(0, -1 \* len\);/g;

const REPLACEMENT_POP = 'for (var glossaryPopped = 0; glossaryPopped < len; glossaryPopped++) {\n$1  stack.pop();\n$1  stack.pop();\n$1  vstack.pop();\n$1  lstack.pop();\n$1}';

/** A grammar's actions: `function anonymous(yytext, yyleng, yylineno, yy, yystate, $$, _$) {…}`, up to the name esbuild gives it. */
const ACTIONS = /performAction: \/\* @__PURE__ \*\/ __name\(function anonymous\(yytext, yyleng, yylineno, yy, yystate, \$\$, _\$\) \{([\s\S]*?)\n\s*\}, "anonymous"\)/g;

/** A use of a stack (`$$`, `_$`, not a property of that name) other than reading an element or the length. */
const STACK_KEPT = /(?<![\w.$])(?:\$\$|_\$)(?!\[|\.length\b)/;

/** The chunk's text with its parsers' reductions replaced, or undefined when it holds no parser; throws when a parser or an action is not as expected. */
export function patchMermaidParsers(text, path = 'a Mermaid chunk') {
  if (!text.includes('this.performAction.apply(yyval')) return undefined;
  const normalized = text.replace(/\r\n/g, '\n');
  const parsers = (normalized.match(/this\.performAction\.apply\(yyval/g) ?? []).length;
  const actions = [...normalized.matchAll(ACTIONS)];
  if (actions.length !== parsers) {
    throw new Error(`${path}: ${parsers} Jison parser(s) but ${actions.length} grammar action function(s) as scripts/mermaidParser.mjs expects them; compare Mermaid's performAction with ACTIONS.`);
  }
  for (const [, body] of actions) {
    const kept = STACK_KEPT.exec(body);
    if (kept) throw new Error(`${path}: a grammar action uses its stack as '${body.slice(kept.index, kept.index + 20)}…', not only by index: popping the stacks in place (scripts/mermaidParser.mjs) could change what it keeps.`);
  }
  let calls = 0;
  let pops = 0;
  const patched = normalized
    .replace(ORIGINAL_CALL, () => {
      calls++;
      return REPLACEMENT_CALL;
    })
    .replace(ORIGINAL_POP, (_match, indent) => {
      pops++;
      return REPLACEMENT_POP.replace(/\$1/g, indent);
    });
  if (calls !== parsers || pops !== parsers) {
    throw new Error(`${path}: ${parsers} Jison parser(s) but ${calls} action call(s) and ${pops} stack pop(s) as scripts/mermaidParser.mjs expects them; compare Mermaid's parse with ORIGINAL_CALL and ORIGINAL_POP.`);
  }
  return patched;
}
