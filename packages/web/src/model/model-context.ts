import type { Model, Version } from '@modelry/client';
import { useOutletContext } from 'react-router';

/** What the model page shares with its tabs. */
export interface ModelView {
  readonly ctx: string;
  readonly model: Model;
  /** Live versions, newest first. */
  readonly versions: readonly Version[];
  /** The version the URL selects (or the latest); undefined when the model has none or the number is unknown. */
  readonly selected: Version | undefined;
  /** The number asked for in the URL, if any. */
  readonly requestedNumber: number | undefined;
  readonly base: string;
  replaceModel(model: Model): void;
  replaceVersion(version: Version): void;
  /** Re-reads the model and its versions (after creating or deleting one). */
  refresh(): Promise<void>;
}

export function useModelView(): ModelView {
  return useOutletContext<ModelView>();
}

export function versionPath(base: string, number: number): string {
  return `${base}/versions/${number}`;
}
