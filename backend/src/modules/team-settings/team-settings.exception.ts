import { AppException } from '../../common/errors/app.exception';

export class TeamSettingsException extends AppException {}
