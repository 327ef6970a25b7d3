/**
 * The globals the core uses that Node (20 and later) and a browser web worker both provide. The
 * core is type-checked without Node's declarations and without the DOM's (tsconfig.json beside
 * this file), so that reaching for what only one of them has fails the check; what both have is
 * declared here, by hand and only as far as the core uses it.
 */
declare function structuredClone<T>(value: T): T;

declare const performance: { now(): number };

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare function btoa(data: string): string;
