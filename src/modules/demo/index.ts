// The demo city: /dev/phone and `npm run seed:demo` (README: "Try it in the browser").
export { DemoModule } from './demo.module';
