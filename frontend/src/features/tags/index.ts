export { TagChips } from './components/tag-chips';
export { TagEditor } from './components/tag-editor';
export { TagSuggestions } from './components/tag-suggestions';
export { TAGS_KEY, useTagSuggestions } from './hooks/use-tag-suggestions';
export { addTag, removeTag, sameTag, MAX_TAGS } from './utils/tags';
