export { Button } from './button';
export { TextField, TextAreaField, SelectField } from './field';
export { Dialog } from './dialog';
export { ConfirmDialog } from './confirm-dialog';
export { ToastProvider, useToast } from './toast';
export { Spinner, ErrorState, EmptyState, Badge } from './feedback';
export { Menu, MenuItem, MenuSeparator } from './menu';
export { Popover } from './popover';
export { Tabs } from './tabs';
