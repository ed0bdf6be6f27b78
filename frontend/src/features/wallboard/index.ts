export { WallboardsAdmin } from './components/wallboards-admin';
export { WallboardScreen } from './components/wallboard-screen';
