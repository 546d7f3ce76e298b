import * as z from 'zod';
import { generalSettings } from './sections/general.js';
import { configSections, type SectionName } from './sections/index.js';

/** The one schema of sync.config.yaml. Sections are optional here; each command requires its own. */
export const configSchema = z.strictObject(configSections).partial().extend(generalSettings);

export type SyncConfig = z.output<typeof configSchema>;

/** A config in which the sections a command asked for are present. */
export type ConfigWith<S extends SectionName> = SyncConfig & Required<Pick<SyncConfig, S>>;
