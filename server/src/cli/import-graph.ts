import * as path from "node:path";
import type { Workspace } from "../core/workspace/workspace.ts";
import { contentHash } from "./content-hash.ts";
import type { TextFacts } from "./project-texts.ts";

/**
 * The project's import graph (texts only, as the analysis reads it) and one hash per file over everything it
 * reaches: strongly connected components (import cycles) hash as one, each over its members' texts and the
 * hashes of the components it imports, so the whole graph is hashed in linear time.
 */
export class ImportGraph {
  private readonly componentHash = new Map<string, string>();
  private readonly directImports = new Map<string, string[]>();
  /** Whether an import target is a project file, per target (resolving symlinks for each importer costs an lstat per path segment). */
  private readonly projectFile = new Map<string, boolean>();
  private readonly index = new Map<string, number>();
  private readonly lowLink = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  private counter = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly texts: TextFacts,
  ) {}

  /** A hash that changes when the text of any project file the file imports, at any depth, changes. */
  closureHash(filePath: string): string {
    if (!this.componentHash.has(filePath)) this.visit(filePath);
    return this.componentHash.get(filePath)!;
  }

  /** Project files a file imports directly (packages in node_modules and files outside the workspace left out). */
  private importsOf(filePath: string): string[] {
    const cached = this.directImports.get(filePath);
    if (cached) return cached;
    const targets = new Set<string>();
    for (const specifier of this.texts.specifiers(filePath)) {
      const target = this.workspace.resolver.resolve(filePath, specifier);
      if (target && this.isProjectFile(target)) targets.add(target);
    }
    const sorted = [...targets].sort();
    this.directImports.set(filePath, sorted);
    return sorted;
  }

  private isProjectFile(target: string): boolean {
    let inside = this.projectFile.get(target);
    if (inside === undefined) {
      inside = !target.includes(`${path.sep}node_modules${path.sep}`) && this.workspace.isInside(target);
      this.projectFile.set(target, inside);
    }
    return inside;
  }

  /** Tarjan's algorithm; each finished component gets its hash. */
  private visit(file: string): void {
    this.index.set(file, this.counter);
    this.lowLink.set(file, this.counter);
    this.counter++;
    this.stack.push(file);
    this.onStack.add(file);
    const targets = this.importsOf(file);
    for (const target of targets) {
      if (!this.index.has(target)) {
        this.visit(target);
        this.lowLink.set(file, Math.min(this.lowLink.get(file)!, this.lowLink.get(target)!));
      } else if (this.onStack.has(target)) {
        this.lowLink.set(file, Math.min(this.lowLink.get(file)!, this.index.get(target)!));
      }
    }
    if (this.lowLink.get(file) !== this.index.get(file)) return;
    const members: string[] = [];
    for (;;) {
      const member = this.stack.pop()!;
      this.onStack.delete(member);
      members.push(member);
      if (member === file) break;
    }
    members.sort();
    const memberSet = new Set(members);
    const parts: string[] = members.map((member) => `${member}=${this.texts.hash(member)}`);
    for (const member of members) for (const target of this.importsOf(member)) if (!memberSet.has(target)) parts.push(`>${this.componentHash.get(target)}`);
    const hash = contentHash([...new Set(parts)].sort().join("\n"))!;
    for (const member of members) this.componentHash.set(member, hash);
  }
}
