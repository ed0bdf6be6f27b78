export { ExportMenu } from './components/export-menu';
export { downloadExport, type ExportFilters } from './api/exports-api';
