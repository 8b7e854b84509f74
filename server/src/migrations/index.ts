/**
 * Every migration, by the name Kysely records it under once run. A
 * migration that has run is never edited (existing databases have run it):
 * a change is a new file, named after the date and the next number.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './2026-11-30-001-initial.js';
import * as answerFunction from './2026-12-06-002-answer-function.js';
import * as answerLockedUnaudited from './2026-12-07-010-answer-locked-unaudited.js';
import * as secretLife from './2026-12-07-020-secret-life.js';
import * as answerOneArgument from './2026-12-07-030-answer-one-argument.js';

const migrations: Record<string, Migration> = {
  '2026-11-30-001-initial': initial,
  '2026-12-06-002-answer-function': answerFunction,
  '2026-12-07-010-answer-locked-unaudited': answerLockedUnaudited,
  '2026-12-07-020-secret-life': secretLife,
  '2026-12-07-030-answer-one-argument': answerOneArgument,
};

export const migrationProvider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };
