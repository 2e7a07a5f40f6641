import y2021 from './data/2021.json';
import y2022 from './data/2022.json';
import y2023 from './data/2023.json';
import y2024 from './data/2024.json';
import y2025 from './data/2025.json';
import y2026 from './data/2026.json';
import y2027 from './data/2027.json';

// The days off for civil servants that ship with the code: one JSON file per year under ./data,
// checked by `calendarYearSchema` (./calendar-data.ts) whenever a calendar is built. The files are
// imported statically, so the same data reaches Node, Jest and the Temporal workflow bundle (which
// has no file system) without a build step. To add or correct a year, edit its file and cite the
// notice (docs/domain.md says where the facts come from); years without a file get a proposal from
// the lunar calendar, with a warning.

/** The shipped years, as read from the files (validated when a calendar is built). */
export const SHIPPED_CALENDAR_YEARS: readonly unknown[] = Object.freeze([
  y2021,
  y2022,
  y2023,
  y2024,
  y2025,
  y2026,
  y2027,
]);
