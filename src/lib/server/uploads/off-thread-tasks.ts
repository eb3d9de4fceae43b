/**
 * What off-thread.ts may run in its worker threads: reading whole uploaded files, which for a large
 * GeoJSON means a JSON.parse of hundreds of MB (seconds of CPU no other request should wait for);
 * writing the defect exports (seconds for 200 000 defects).
 */
import { territoryTiles } from '../assignments/territory.ts';
import { exportDefectsToFile } from '../exports/defects-export.service.ts';
import { inspectLandcover } from './inspect.ts';

export const TASKS = { inspect: inspectLandcover, territory: territoryTiles, defectExport: exportDefectsToFile };

export type OffThreadTasks = typeof TASKS;
