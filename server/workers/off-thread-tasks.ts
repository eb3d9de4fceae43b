/**
 * What src/lib/server/uploads/off-thread.ts may run in its worker threads: reading whole uploaded
 * files, which for a large GeoJSON means a JSON.parse of hundreds of MB (seconds of CPU no other
 * request should wait for), and writing the defect exports (seconds for 200 000 defects). An entry point like the rest of server/: it names the features' tasks,
 * so the pool itself (in uploads/) depends on none of them.
 */
import { territoryTiles } from '../../src/lib/server/assignments/territory.ts';
import { exportDefectsToFile } from '../../src/lib/server/exports/defects-export.service.ts';
import { inspectLandcover } from '../../src/lib/server/uploads/inspect.ts';

export const TASKS = { inspect: inspectLandcover, territory: territoryTiles, defectExport: exportDefectsToFile };

export type OffThreadTasks = typeof TASKS;
