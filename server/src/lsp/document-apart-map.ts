import type { ts } from "../core/ts.ts";

/**
 * A map by syntax node whose entries for nodes of the open documents are kept apart (one call's own, see
 * RecordingWorkspace.isolated) while those for nodes of every other file are shared. What is derived from
 * another file's nodes reads nothing of an open document's text, and any change to that file makes the
 * next analysis of an open document whole, so sharing it cannot hide a read a call's record needs.
 */
export class DocumentApartMap<K extends ts.Node, V> {
  constructor(
    private readonly shared: WeakMap<K, V>,
    private readonly apart: WeakMap<K, V>,
    private readonly isDocument: (filePath: string) => boolean,
  ) {}

  get(key: K): V | undefined {
    return this.mapOf(key).get(key);
  }

  has(key: K): boolean {
    return this.mapOf(key).has(key);
  }

  set(key: K, value: V): this {
    this.mapOf(key).set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.mapOf(key).delete(key);
  }

  private mapOf(key: K): WeakMap<K, V> {
    return this.isDocument(key.getSourceFile().fileName) ? this.apart : this.shared;
  }
}
