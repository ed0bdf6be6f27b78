export { BoardContainer } from './components/board-container';
export { RepFilter, PipelineSelect, OWNER_ALL, OWNER_NONE } from './components/board-filters';
export { DealFiltersBar } from './components/deal-filters-bar';
export { DealCardBody, PhoneIcon } from './components/deal-card';
export { boardQueryOptions } from './hooks/use-board';
export { useDealRealtime, type LiveStatus } from './hooks/use-deal-realtime';
export { useMoveDeal } from './hooks/use-move-deal';
export { useLostMove, closesAsLost } from './hooks/use-lost-move';
export { syncDeal, forgetDeal } from './hooks/deal-cache';
export { boardApi, type DealPage } from './api/board-api';
export {
  FILTER_PARAMS,
  filtersFromParams,
  sortFromParams,
  viewFromParams,
  type BoardFilters,
  type BoardViewMode,
  type ListSort,
} from './utils/board-filters';
