/**
 * A structural checker of what the language server sends, against the LSP 3.17 types of each
 * method (the TypeScript types of vscode-languageserver-protocol are the reference): required
 * fields present, primitives of the right type and range, no properties the type does not have,
 * and the few rules the specification states in words (a range does not end before it starts,
 * a document symbol's selectionRange lies inside its range, a completion edit stays on the
 * cursor's line, text edits of one document do not overlap, a code action does something).
 *
 * The package's `*.is()` helpers are not used: they accept extra properties, `undefined` for
 * required fields and out-of-range numbers, which is what this checker is for.
 *
 * Types newer than 3.17 (3.18's Diagnostic.message as MarkupContent, Command.tooltip, snippet
 * edits, ...) are violations: the test client announces 3.17 capabilities only. Hover contents
 * must be MarkupContent (MarkedString is deprecated and the client announces contentFormat).
 */

export interface Violation {
  /** Where in the message, e.g. `result.documentChanges[0].textDocument.version`. */
  path: string;
  problem: string;
}

interface Shape {
  /** The type as the LSP specification names it, for messages. */
  readonly name: string;
  check(value: unknown, path: string, out: Violation[]): void;
  /** For primitives: whether a value is one, without building a message (unions try many). */
  readonly accepts?: (value: unknown) => boolean;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shape(name: string, check: Shape['check']): Shape {
  return { name, check };
}

/** A primitive: `accept` says whether the value is one. */
function primitive(name: string, accepts: (value: unknown) => boolean): Shape {
  return {
    name,
    accepts,
    check: (value, path, out) => {
      if (!accepts(value)) out.push({ path, problem: `expected ${name}, got ${describe(value)}` });
    },
  };
}

const integer = primitive('integer', (v) => Number.isInteger(v) && (v as number) >= INT32_MIN && (v as number) <= INT32_MAX);
const uinteger = primitive('uinteger', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= INT32_MAX);
const string = primitive('string', (v) => typeof v === 'string');
const boolean = primitive('boolean', (v) => typeof v === 'boolean');
const nullValue = primitive('null', (v) => v === null);
/** The params of a request whose params type is `void`: none sent. */
const noParams = primitive('no params', (v) => v === undefined);
/** LSPAny: whatever JSON carries. */
const anything = shape('LSPAny', () => undefined);

function literal(value: string | number | boolean): Shape {
  return primitive(JSON.stringify(value), (v) => v === value);
}

/** An LSP enumeration of integers, given as its members' values. */
function enumeration(name: string, values: readonly number[]): Shape {
  return primitive(`${name} (${values.join(' | ')})`, (v) => values.includes(v as number));
}

function integersFrom(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function array(of: Shape): Shape {
  return shape(`${of.name}[]`, (value, path, out) => {
    if (!Array.isArray(value)) {
      out.push({ path, problem: `expected ${of.name}[], got ${describe(value)}` });
      return;
    }
    value.forEach((item, i) => of.check(item, `${path}[${i}]`, out));
  });
}

/** `{ [key: string]: of }`, e.g. WorkspaceEdit.changes. */
function map(keyName: string, of: Shape, key: Shape = string): Shape {
  return shape(`{ [${keyName}]: ${of.name} }`, (value, path, out) => {
    if (!isPlainObject(value)) {
      out.push({ path, problem: `expected an object of ${of.name}, got ${describe(value)}` });
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      key.check(k, `${path}[${JSON.stringify(k)}] (key)`, out);
      of.check(v, `${path}[${JSON.stringify(k)}]`, out);
    }
  });
}

/**
 * An interface: every required property present, each optional one of its type when present
 * (`null` only where the type says `| null`), and no property the type does not declare.
 */
function object(name: string, required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape {
  // Computed once: a publication of 100,000 diagnostics goes through here for each of them.
  const requiredFields = Object.entries(required);
  const optionalFields = Object.entries(optional);
  const declared = new Set([...Object.keys(required), ...Object.keys(optional)]);
  return shape(name, (value, path, out) => {
    if (!isPlainObject(value)) {
      out.push({ path, problem: `expected ${name}, got ${describe(value)}` });
      return;
    }
    for (const [key, field] of requiredFields) {
      if (value[key] === undefined) out.push({ path: `${path}.${key}`, problem: `missing: ${name}.${key} is required (${field.name})` });
      else field.check(value[key], `${path}.${key}`, out);
    }
    for (const [key, field] of optionalFields) {
      if (value[key] !== undefined) field.check(value[key], `${path}.${key}`, out);
    }
    for (const key in value) {
      if (!declared.has(key)) out.push({ path: `${path}.${key}`, problem: `${name} has no property '${key}' in LSP 3.17` });
    }
  });
}

/**
 * `A | B | …`: the value must be one of them. When it is none, the problems of the alternative it
 * comes closest to are reported (or just the type mismatch when it is not even close).
 */
function union(...alternatives: Shape[]): Shape {
  const name = alternatives.map((a) => a.name).join(' | ');
  return shape(name, (value, path, out) => {
    const near: { alternative: Shape; found: Violation[] }[] = [];
    for (const alternative of alternatives) {
      if (alternative.accepts) {
        if (alternative.accepts(value)) return;
        continue;
      }
      const found: Violation[] = [];
      alternative.check(value, path, found);
      if (found.length === 0) return;
      const mismatch = found.length === 1 && found[0].path === path && found[0].problem.startsWith('expected ');
      if (!mismatch) near.push({ alternative, found });
    }
    if (near.length === 0) {
      out.push({ path, problem: `expected ${name}, got ${describe(value)}` });
      return;
    }
    const closest = near.reduce((best, candidate) => (candidate.found.length < best.found.length ? candidate : best));
    // Which type the problems refer to is worth saying only when the value resembles more than one.
    out.push(...(near.length === 1 ? closest.found : closest.found.map((v) => ({ ...v, problem: `${v.problem} (as ${closest.alternative.name})` }))));
  });
}

function nullable(of: Shape): Shape {
  return union(of, nullValue);
}

/** A shape with a rule the specification states in words, checked once the structure is right. */
/** `T`: what `base` has checked the value to be (the rule runs only when it passed). */
function refine<T>(base: Shape, rule: (value: T, path: string, out: Violation[]) => void): Shape {
  return shape(base.name, (value, path, out) => {
    const known = out.length;
    base.check(value, path, out);
    if (out.length === known) rule(value as T, path, out);
  });
}

/** For recursive types (DocumentSymbol.children). */
function lazy(name: string, get: () => Shape): Shape {
  return shape(name, (value, path, out) => get().check(value, path, out));
}

// ---- basic structures --------------------------------------------------------------------------

interface PositionValue { line: number; character: number }
interface RangeValue { start: PositionValue; end: PositionValue }

const isBefore = (a: PositionValue, b: PositionValue) => a.line < b.line || (a.line === b.line && a.character < b.character);
const at = (p: PositionValue) => `${p.line}:${p.character}`;
const contains = (outer: RangeValue, inner: RangeValue) => !isBefore(inner.start, outer.start) && !isBefore(outer.end, inner.end);

/** URI and DocumentUri: a string with a scheme (`file:///…`, `https://…`). */
const uri = refine(primitive('URI', (v) => typeof v === 'string'), (value: string, path, out) => {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) out.push({ path, problem: `not a URI (no scheme): ${describe(value)}` });
});

const Position = object('Position', { line: uinteger, character: uinteger });
const Range = refine(object('Range', { start: Position, end: Position }), (value: RangeValue, path, out) => {
  if (isBefore(value.end, value.start)) out.push({ path, problem: `the range ends (${at(value.end)}) before it starts (${at(value.start)})` });
});
const Location = object('Location', { uri, range: Range });
const LocationLink = object('LocationLink', { targetUri: uri, targetRange: Range, targetSelectionRange: Range }, { originSelectionRange: Range });

const MarkupContent = object('MarkupContent', { kind: union(literal('plaintext'), literal('markdown')), value: string });
const Command = object('Command', { title: string, command: string }, { arguments: array(anything) });

const TextEdit = object('TextEdit', { range: Range, newText: string });
const AnnotatedTextEdit = object('AnnotatedTextEdit', { range: Range, newText: string, annotationId: string });

/** "Text edits ... must never overlap": checked on the edits of one document. */
function checkNoOverlap(edits: { range: RangeValue }[], path: string, out: Violation[]): void {
  const sorted = edits.map((edit, index) => ({ range: edit.range, index })).sort((a, b) => (isBefore(a.range.start, b.range.start) ? -1 : isBefore(b.range.start, a.range.start) ? 1 : 0));
  let reach = sorted[0];
  for (const edit of sorted.slice(1)) {
    if (isBefore(edit.range.start, reach.range.end)) {
      out.push({ path: `${path}[${edit.index}]`, problem: `overlaps ${path}[${reach.index}] (${at(reach.range.start)}-${at(reach.range.end)})` });
    }
    if (isBefore(reach.range.end, edit.range.end)) reach = edit;
  }
}
const TextEdits = refine(array(union(TextEdit, AnnotatedTextEdit)), checkNoOverlap);

const OptionalVersionedTextDocumentIdentifier = object('OptionalVersionedTextDocumentIdentifier', { uri, version: nullable(integer) });
const TextDocumentEdit = object('TextDocumentEdit', { textDocument: OptionalVersionedTextDocumentIdentifier, edits: TextEdits });
const fileOptions = (name: string, flags: string[]) => object(name, {}, Object.fromEntries(flags.map((flag) => [flag, boolean])));
const CreateFile = object('CreateFile', { kind: literal('create'), uri }, { options: fileOptions('CreateFileOptions', ['overwrite', 'ignoreIfExists']), annotationId: string });
const RenameFile = object('RenameFile', { kind: literal('rename'), oldUri: uri, newUri: uri }, { options: fileOptions('RenameFileOptions', ['overwrite', 'ignoreIfExists']), annotationId: string });
const DeleteFile = object('DeleteFile', { kind: literal('delete'), uri }, { options: fileOptions('DeleteFileOptions', ['recursive', 'ignoreIfNotExists']), annotationId: string });

/** A document change, judged by its `kind` so that the message is about the type it claims to be. */
const DocumentChange = shape('TextDocumentEdit | CreateFile | RenameFile | DeleteFile', (value, path, out) => {
  const kind = isPlainObject(value) ? value.kind : undefined;
  const claimed = kind === 'create' ? CreateFile : kind === 'rename' ? RenameFile : kind === 'delete' ? DeleteFile : TextDocumentEdit;
  claimed.check(value, path, out);
});

const ChangeAnnotation = object('ChangeAnnotation', { label: string }, { needsConfirmation: boolean, description: string });
const WorkspaceEdit = object('WorkspaceEdit', {}, {
  changes: map('uri', TextEdits, uri),
  documentChanges: array(DocumentChange),
  changeAnnotations: map('id', ChangeAnnotation),
});

// ---- diagnostics --------------------------------------------------------------------------------

const Diagnostic = object('Diagnostic', { range: Range, message: string }, {
  severity: enumeration('DiagnosticSeverity', integersFrom(1, 4)),
  code: union(integer, string),
  codeDescription: object('CodeDescription', { href: uri }),
  source: string,
  tags: array(enumeration('DiagnosticTag', [1, 2])),
  relatedInformation: array(object('DiagnosticRelatedInformation', { location: Location, message: string })),
  data: anything,
});
const PublishDiagnosticsParams = object('PublishDiagnosticsParams', { uri, diagnostics: array(Diagnostic) }, { version: integer });

// ---- completion ---------------------------------------------------------------------------------

const InsertReplaceEdit = object('InsertReplaceEdit', { newText: string, insert: Range, replace: Range });
const CompletionItem = object('CompletionItem', { label: string }, {
  labelDetails: object('CompletionItemLabelDetails', {}, { detail: string, description: string }),
  kind: enumeration('CompletionItemKind', integersFrom(1, 25)),
  tags: array(enumeration('CompletionItemTag', [1])),
  detail: string,
  documentation: union(string, MarkupContent),
  deprecated: boolean,
  preselect: boolean,
  sortText: string,
  filterText: string,
  insertText: string,
  insertTextFormat: enumeration('InsertTextFormat', [1, 2]),
  insertTextMode: enumeration('InsertTextMode', [1, 2]),
  textEdit: union(TextEdit, InsertReplaceEdit),
  textEditText: string,
  additionalTextEdits: array(TextEdit),
  commitCharacters: array(string),
  command: Command,
  data: anything,
});
const CompletionList = object('CompletionList', { isIncomplete: boolean, items: array(CompletionItem) }, {
  itemDefaults: object('CompletionItemDefaults', {}, {
    commitCharacters: array(string),
    editRange: union(Range, object('{ insert, replace }', { insert: Range, replace: Range })),
    insertTextFormat: enumeration('InsertTextFormat', [1, 2]),
    insertTextMode: enumeration('InsertTextMode', [1, 2]),
    data: anything,
  }),
});

/** "The edit's range must be a single line range and it must contain the position at which completion has been requested." */
function completionEditsAt(requested: unknown): (value: unknown, path: string, out: Violation[]) => void {
  return (value, path, out) => {
    // Params the server was right to answer anyway (a robustness test's garbage) set no position to hold it to.
    const asked: Violation[] = [];
    Position.check(requested, 'params.position', asked);
    if (asked.length || value === null) return;
    const position = requested as PositionValue;
    const checkRange = (r: RangeValue, where: string) => {
      if (r.start.line !== r.end.line) out.push({ path: where, problem: `a completion edit spans lines ${r.start.line}-${r.end.line}; it must stay on one line` });
      else if (!contains(r, { start: position, end: position })) out.push({ path: where, problem: `a completion edit (${at(r.start)}-${at(r.end)}) must contain the completion position ${at(position)}` });
    };
    const list = (Array.isArray(value) ? { items: value } : value) as { items: { textEdit?: Record<string, RangeValue> }[]; itemDefaults?: { editRange?: Record<string, RangeValue> } };
    const itemsPath = Array.isArray(value) ? path : `${path}.items`;
    list.items.forEach((item, i) => {
      for (const key of ['range', 'insert', 'replace']) if (item.textEdit?.[key]) checkRange(item.textEdit[key], `${itemsPath}[${i}].textEdit.${key}`);
    });
    const editRange = list.itemDefaults?.editRange;
    if (editRange && 'start' in editRange) checkRange(editRange as unknown as RangeValue, `${path}.itemDefaults.editRange`);
    for (const key of ['insert', 'replace']) if (editRange?.[key]) checkRange(editRange[key], `${path}.itemDefaults.editRange.${key}`);
  };
}

// ---- navigation, symbols, code actions ------------------------------------------------------------

const CodeLens = object('CodeLens', { range: Range }, { command: Command, data: anything });
const DocumentLink = object('DocumentLink', { range: Range }, { target: uri, tooltip: string, data: anything });

const SymbolKind = enumeration('SymbolKind', integersFrom(1, 26));
const SymbolTags = array(enumeration('SymbolTag', [1]));
/** "Must not be an empty string or a string only consisting of white spaces." */
const symbolName = refine(string, (value: string, path, out) => {
  if (value.trim() === '') out.push({ path, problem: 'a symbol name must not be empty or only white space' });
});
const DocumentSymbol: Shape = refine(
  object('DocumentSymbol', { name: symbolName, kind: SymbolKind, range: Range, selectionRange: Range }, {
    detail: string,
    tags: SymbolTags,
    deprecated: boolean,
    children: array(lazy('DocumentSymbol', () => DocumentSymbol)),
  }),
  (value: { range: RangeValue; selectionRange: RangeValue }, path, out) => {
    if (!contains(value.range, value.selectionRange)) out.push({ path: `${path}.selectionRange`, problem: `the selectionRange (${at(value.selectionRange.start)}-${at(value.selectionRange.end)}) must be contained in the range (${at(value.range.start)}-${at(value.range.end)})` });
  },
);
const SymbolInformation = object('SymbolInformation', { name: symbolName, kind: SymbolKind, location: Location }, { tags: SymbolTags, deprecated: boolean, containerName: string });
const WorkspaceSymbol = object('WorkspaceSymbol', { name: symbolName, kind: SymbolKind, location: union(Location, object('{ uri }', { uri })) }, { tags: SymbolTags, containerName: string, data: anything });

/** "A CodeAction must set either `edit` and/or a `command`." (This server resolves nothing lazily.) */
const CodeAction = refine(
  object('CodeAction', { title: string }, {
    kind: string,
    diagnostics: array(Diagnostic),
    isPreferred: boolean,
    disabled: object('{ reason }', { reason: string }),
    edit: WorkspaceEdit,
    command: Command,
    data: anything,
  }),
  (value: { edit?: unknown; command?: unknown }, path, out) => {
    if (value.edit === undefined && value.command === undefined) out.push({ path, problem: 'a CodeAction must set an edit or a command' });
  },
);
/** A Command has a string `command`; a CodeAction's `command` is a Command object. */
const CommandOrCodeAction = shape('Command | CodeAction', (value, path, out) => {
  (isPlainObject(value) && typeof value.command === 'string' ? Command : CodeAction).check(value, path, out);
});

const PrepareRenameResult = union(
  Range,
  object('{ range, placeholder }', { range: Range, placeholder: string }),
  object('{ defaultBehavior }', { defaultBehavior: boolean }),
);

// ---- initialize -----------------------------------------------------------------------------------

const workDoneProgress = { workDoneProgress: boolean };
const DocumentFilter = object('TextDocumentFilter', {}, { language: string, scheme: string, pattern: string });
const registration = { documentSelector: nullable(array(DocumentFilter)), id: string };
/** `boolean | XOptions | XRegistrationOptions` for providers whose options hold nothing else. */
const simpleProvider = (name: string, extra: Record<string, Shape> = {}) => union(boolean, object(`${name}Options`, {}, { ...workDoneProgress, ...registration, ...extra }));
const FileOperationRegistrationOptions = object('FileOperationRegistrationOptions', {
  filters: array(object('FileOperationFilter', {
    pattern: object('FileOperationPattern', { glob: string }, {
      matches: union(literal('file'), literal('folder')),
      options: object('FileOperationPatternOptions', {}, { ignoreCase: boolean }),
    }),
  }, { scheme: string })),
});
const TextDocumentSyncKind = enumeration('TextDocumentSyncKind', [0, 1, 2]);

const ServerCapabilities = object('ServerCapabilities', {}, {
  positionEncoding: string,
  textDocumentSync: union(TextDocumentSyncKind, object('TextDocumentSyncOptions', {}, {
    openClose: boolean,
    change: TextDocumentSyncKind,
    willSave: boolean,
    willSaveWaitUntil: boolean,
    save: union(boolean, object('SaveOptions', {}, { includeText: boolean })),
  })),
  completionProvider: object('CompletionOptions', {}, {
    ...workDoneProgress,
    triggerCharacters: array(string),
    allCommitCharacters: array(string),
    resolveProvider: boolean,
    completionItem: object('{ labelDetailsSupport }', {}, { labelDetailsSupport: boolean }),
  }),
  hoverProvider: simpleProvider('Hover'),
  declarationProvider: simpleProvider('Declaration'),
  definitionProvider: simpleProvider('Definition'),
  typeDefinitionProvider: simpleProvider('TypeDefinition'),
  implementationProvider: simpleProvider('Implementation'),
  referencesProvider: simpleProvider('Reference'),
  documentHighlightProvider: simpleProvider('DocumentHighlight'),
  documentSymbolProvider: simpleProvider('DocumentSymbol', { label: string }),
  codeActionProvider: simpleProvider('CodeAction', { codeActionKinds: array(string), resolveProvider: boolean }),
  codeLensProvider: object('CodeLensOptions', {}, { ...workDoneProgress, resolveProvider: boolean }),
  documentLinkProvider: object('DocumentLinkOptions', {}, { ...workDoneProgress, resolveProvider: boolean }),
  colorProvider: simpleProvider('DocumentColor'),
  documentFormattingProvider: simpleProvider('DocumentFormatting'),
  documentRangeFormattingProvider: simpleProvider('DocumentRangeFormatting'),
  renameProvider: simpleProvider('Rename', { prepareProvider: boolean }),
  foldingRangeProvider: simpleProvider('FoldingRange'),
  selectionRangeProvider: simpleProvider('SelectionRange'),
  linkedEditingRangeProvider: simpleProvider('LinkedEditingRange'),
  callHierarchyProvider: simpleProvider('CallHierarchy'),
  monikerProvider: simpleProvider('Moniker'),
  typeHierarchyProvider: simpleProvider('TypeHierarchy'),
  inlineValueProvider: simpleProvider('InlineValue'),
  inlayHintProvider: simpleProvider('InlayHint', { resolveProvider: boolean }),
  workspaceSymbolProvider: simpleProvider('WorkspaceSymbol', { resolveProvider: boolean }),
  workspace: object('ServerCapabilities.workspace', {}, {
    workspaceFolders: object('WorkspaceFoldersServerCapabilities', {}, { supported: boolean, changeNotifications: union(string, boolean) }),
    fileOperations: object('FileOperationOptions', {}, Object.fromEntries(
      ['didCreate', 'willCreate', 'didRename', 'willRename', 'didDelete', 'willDelete'].map((operation) => [operation, FileOperationRegistrationOptions]),
    )),
  }),
  experimental: anything,
  // notebookDocumentSync, signatureHelpProvider, documentOnTypeFormattingProvider,
  // executeCommandProvider, semanticTokensProvider and diagnosticProvider are not modelled: a
  // server that starts offering one is reported until its type is added here.
});
const InitializeResult = object('InitializeResult', { capabilities: ServerCapabilities }, { serverInfo: object('{ name, version }', { name: string }, { version: string }) });

// ---- what the server sends on its own ---------------------------------------------------------------

const MessageType = enumeration('MessageType', integersFrom(1, 4));
const ProgressToken = union(integer, string);
const percentage = refine(uinteger, (value: number, path, out) => {
  if (value > 100) out.push({ path, problem: `a percentage must be 0-100, got ${value}` });
});
const WorkDoneProgress = shape('WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd', (value, path, out) => {
  const kind = isPlainObject(value) ? value.kind : undefined;
  const reported = { cancellable: boolean, message: string, percentage };
  const claimed = kind === 'begin' ? object('WorkDoneProgressBegin', { kind: literal('begin'), title: string }, reported)
    : kind === 'report' ? object('WorkDoneProgressReport', { kind: literal('report') }, reported)
      : object('WorkDoneProgressEnd', { kind: literal('end') }, { message: string });
  claimed.check(value, path, out);
});
const FileSystemWatcher = object('FileSystemWatcher', {
  globPattern: union(string, object('RelativePattern', { baseUri: union(uri, object('WorkspaceFolder', { uri, name: string })), pattern: string })),
}, { kind: refine(uinteger, (value: number, path, out) => {
  if (value < 1 || value > 7) out.push({ path, problem: `a WatchKind is a combination of 1, 2 and 4 (1-7), got ${value}` });
}) });
/** Registration options are typed by the method they register. */
const REGISTER_OPTIONS: Record<string, Shape> = {
  'workspace/didChangeWatchedFiles': object('DidChangeWatchedFilesRegistrationOptions', { watchers: array(FileSystemWatcher) }),
  'workspace/didChangeConfiguration': object('DidChangeConfigurationRegistrationOptions', {}, { section: union(string, array(string)) }),
};
const Registration = refine(object('Registration', { id: string, method: string }, { registerOptions: anything }), (value: { method: string; registerOptions?: unknown }, path, out) => {
  const options = REGISTER_OPTIONS[value.method];
  if (!options) out.push({ path: `${path}.method`, problem: `the validator has no registration options type for '${value.method}'` });
  else if (value.registerOptions !== undefined) options.check(value.registerOptions, `${path}.registerOptions`, out);
});

/** Params of the notifications and requests the server sends to the client. */
const SERVER_MESSAGES: Record<string, Shape> = {
  'textDocument/publishDiagnostics': PublishDiagnosticsParams,
  'window/logMessage': object('LogMessageParams', { type: MessageType, message: string }),
  'window/showMessage': object('ShowMessageParams', { type: MessageType, message: string }),
  'window/showMessageRequest': object('ShowMessageRequestParams', { type: MessageType, message: string }, { actions: array(object('MessageActionItem', { title: string })) }),
  'window/workDoneProgress/create': object('WorkDoneProgressCreateParams', { token: ProgressToken }),
  // The server reports work-done progress only (the client asks for no partial results).
  '$/progress': object('ProgressParams', { token: ProgressToken, value: WorkDoneProgress }),
  'client/registerCapability': object('RegistrationParams', { registrations: array(Registration) }),
  'client/unregisterCapability': object('UnregistrationParams', { unregisterations: array(object('Unregistration', { id: string, method: string })) }),
  'workspace/configuration': object('ConfigurationParams', { items: array(object('ConfigurationItem', {}, { scopeUri: uri, section: string })) }),
  'workspace/applyEdit': object('ApplyWorkspaceEditParams', { edit: WorkspaceEdit }, { label: string }),
  'workspace/codeLens/refresh': noParams,
};

/** Results of the requests the client sends, by method; some rules depend on the request's params. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each method's params are of its own request type, read by its entry alone
const RESULTS: Record<string, (params: any) => Shape> = {
  initialize: () => InitializeResult,
  shutdown: () => nullValue,
  'textDocument/completion': (params: { position?: PositionValue } | null) => refine(nullable(union(array(CompletionItem), CompletionList)), completionEditsAt(params?.position)),
  'textDocument/hover': () => nullable(object('Hover', { contents: MarkupContent }, { range: Range })),
  'textDocument/definition': () => nullable(union(Location, array(Location), array(LocationLink))),
  'textDocument/references': () => nullable(array(Location)),
  'textDocument/codeLens': () => nullable(array(CodeLens)),
  'textDocument/documentLink': () => nullable(array(DocumentLink)),
  'textDocument/documentSymbol': () => nullable(union(array(DocumentSymbol), array(SymbolInformation))),
  'workspace/symbol': () => nullable(union(array(SymbolInformation), array(WorkspaceSymbol))),
  'textDocument/prepareRename': () => nullable(PrepareRenameResult),
  'textDocument/rename': () => nullable(WorkspaceEdit),
  'textDocument/codeAction': () => nullable(array(CommandOrCodeAction)),
  'workspace/willRenameFiles': () => nullable(WorkspaceEdit),
};

const ResponseError = object('ResponseError', { code: integer, message: string }, { data: anything });

/** Methods of the LSP namespaces; others (`glossary/…`) are this server's own and have no LSP type. */
function isLspMethod(method: string): boolean {
  return method === 'initialize' || method === 'shutdown' || method === 'exit' || method.startsWith('$/')
    || /^(textDocument|workspace|window|client|notebookDocument|callHierarchy|typeHierarchy|codeAction|codeLens|completionItem|documentLink|inlayHint|workspaceSymbol)\//.test(method);
}

/**
 * What is wrong with the server's answer to a request (`response` holds its `result` or `error`
 * as received). An error answer is checked as a ResponseError; a result against the method's type.
 */
export function checkResponse(method: string, params: unknown, response: { result?: unknown; error?: unknown }): Violation[] {
  const out: Violation[] = [];
  if (response.error !== undefined) {
    if (response.result !== undefined) out.push({ path: 'result', problem: 'a response has a result or an error, not both' });
    ResponseError.check(response.error, 'error', out);
    return out;
  }
  if (response.result === undefined) return [{ path: 'result', problem: 'missing: a successful response must have a result (null when there is nothing)' }];
  const type = RESULTS[method];
  if (type) type(params).check(response.result, 'result', out);
  else if (isLspMethod(method)) out.push({ path: 'result', problem: `the validator has no LSP 3.17 result type for '${method}'` });
  return out;
}

/** What is wrong with the params of a notification or request the server sent. */
export function checkServerMessage(method: string, params: unknown): Violation[] {
  const out: Violation[] = [];
  const type = SERVER_MESSAGES[method];
  if (type) type.check(params, 'params', out);
  else if (isLspMethod(method)) out.push({ path: 'params', problem: `the validator has no LSP 3.17 params type for '${method}'` });
  return out;
}

export function formatViolations(what: string, violations: readonly Violation[]): string {
  return `LSP 3.17 violation in ${what}:\n${violations.map((v) => `  ${v.path}: ${v.problem}`).join('\n')}`;
}
