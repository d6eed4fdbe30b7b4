/**
 * Synthetic ground truth: clips rendered with known camera motion and their labels.
 *
 * <p>{@link io.camreasoner.synth.ClipSpec} describes one shot (scene kind, camera motion, size,
 * fps, degradations, seed); {@link io.camreasoner.synth.ClipRenderer} renders it into frames whose
 * geometry is exact: every scene is made of textured planes seen by a pinhole camera and each plane
 * reaches the image by its plane-induced homography {@code K R^T [x y t] }, so camera rotation and
 * zoom are true homographies and camera translation gives true depth-dependent parallax. {@link
 * io.camreasoner.synth.LayeredScene} renders grey scenes laid out card by card through the same
 * camera (the benchmark's varied clips and the reasoner's tests); both hand out grey frames in the
 * caller's type through {@link io.camreasoner.synth.GreyFrameFactory}. {@link
 * io.camreasoner.synth.ClipGenerator} and {@link io.camreasoner.synth.ProgrammeGenerator} draw
 * varied clips and multi-shot programmes from a seed (joined by hard cuts, cuts between framings of
 * one scene, dissolves and fades); {@link io.camreasoner.synth.ProgrammeRenderer} renders a
 * programme's frames with its transitions, {@link io.camreasoner.synth.ClipWriter} encodes them
 * with FFmpeg and {@link io.camreasoner.synth.LabelsJson} writes their labels.
 *
 * <p>Camera axes: x right, y down, z forward. Pan-right is +yaw (forward turns to +x), tilt-up is
 * +pitch (forward turns to -y), roll-cw is +roll (the top turns to +x), truck-right is +x,
 * pedestal-up is -y, dolly-in is +z, zoom-in is a growing focal length. Nothing here knows Kafka or
 * the reasoner.
 */
package io.camreasoner.synth;
