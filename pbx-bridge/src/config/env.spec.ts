import { loadEnv } from './env';

const env = (BACKEND_URL: string) => loadEnv({ BACKEND_URL, PBX_SERVICE_TOKEN: 'a-service-token' });

describe('loadEnv BACKEND_URL', () => {
  it('should give a one-item list when one URL is set, as before', () => {
    expect(env('http://127.0.0.1:3000').BACKEND_URL).toEqual(['http://127.0.0.1:3000']);
  });

  it('should give every node in order when several comma-separated URLs are set', () => {
    expect(env('http://10.0.0.1:3000, https://crm-b.example.com/ ').BACKEND_URL).toEqual(['http://10.0.0.1:3000', 'https://crm-b.example.com/']);
  });

  it('should refuse the start naming the problem when a URL is listed twice', () => {
    expect(() => env('http://10.0.0.1:3000,http://10.0.0.1:3000/')).toThrow(/BACKEND_URL\.1: the same backend URL is listed twice \(http:\/\/10\.0\.0\.1:3000\)/);
  });

  it('should refuse the start when one of the URLs is not http(s) or the list has an empty item', () => {
    expect(() => env('http://10.0.0.1:3000,ftp://10.0.0.2')).toThrow(/BACKEND_URL\.1/);
    expect(() => env('http://10.0.0.1:3000,')).toThrow(/BACKEND_URL\.1/);
    expect(() => env('')).toThrow(/BACKEND_URL/);
  });
});
