import type { Me } from '@modelry/client';
import { useMe } from '../auth/session';
import { formatBytes } from './format';

export type Limits = Me['limits'];

/** This deployment's limits, as GET /me reports them (the server enforces them anyway; the dashboard says so first). */
export function useLimits(): Limits {
  return useMe().limits;
}

/** Why a file cannot be uploaded, before a byte is sent; undefined when it fits. */
export function fileTooLarge(file: File, limits: Limits): string | undefined {
  if (file.size <= limits.maxUploadBytes) return undefined;
  return `${file.name} is ${formatBytes(file.size)}; this server accepts files up to ${formatBytes(limits.maxUploadBytes)}.`;
}

export function versionLimitReason(liveVersions: number, limits: Limits): string | undefined {
  if (liveVersions < limits.maxVersions) return undefined;
  return `This model already holds ${limits.maxVersions} versions, the most this server allows. Delete a version to make room.`;
}

export function formatLimitReason(formats: number, limits: Limits, versionNumber: number): string | undefined {
  if (formats < limits.maxFormats) return undefined;
  return `Version ${versionNumber} already holds ${limits.maxFormats} formats, the most this server allows. Delete one to add another.`;
}
