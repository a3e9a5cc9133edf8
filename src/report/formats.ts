/** The formats a run's report is written in: JUnit XML, the JSON report, Markdown. */
export const REPORT_FORMATS = ['junit', 'json', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
