export default function Saved() {
  return <h1>Your account secret is saved</h1>;
}
