import { AppException } from '../../common/errors/app.exception';

export class DeviceException extends AppException {}
